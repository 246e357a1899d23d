/**
 * Reading printed numbers. Forms print `12.00`, `10 分`, `100.00%`, `1,234.5`, `—`, `/`, and OCR adds
 * `14. 88`; a cell that does not read as one number gives null, never a guess.
 */

const EMPTY = /^[\s\-—―–－‐/／\\]*$/u;

/** Full-width digits and punctuation to ASCII, spaces removed. */
export function canonicalNumberText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(/[，,](?=\d{3}(\D|$))/g, '');
}

/** `true` when the cell is printed empty or as a dash/slash placeholder. */
export const isEmptyMark = (text: string | null | undefined): boolean => text == null || EMPTY.test(text);

const NUMBER = /^([+-]?\d+(?:\.\d+)?)(分|万元|元|%)?$/u;

/** A plain amount or score: `12.00` → 12, `10 分` → 10, `42.7763` → 42.7763; percentages give null. */
export function parseAmount(text: string | null | undefined): number | null {
  if (isEmptyMark(text)) return null;
  const m = NUMBER.exec(canonicalNumberText(text!));
  if (!m || m[2] === '%') return null;
  return Number(m[1]);
}

/** A rate as a fraction: `69%` → 0.69, `100.00%` → 1; a bare number ≤ 1.5 is taken as a fraction already. */
export function parseRate(text: string | null | undefined): number | null {
  if (isEmptyMark(text)) return null;
  const m = NUMBER.exec(canonicalNumberText(text!));
  if (!m) return null;
  const value = Number(m[1]);
  if (m[2] === '%') return roundFraction(value / 100);
  if (m[2] === undefined && value <= 1.5) return value;
  return null;
}

/** A rate printed in a column headed `(%)`: `88.75` and `88.75%` are both 0.8875. */
export function parsePercent(text: string | null | undefined): number | null {
  if (isEmptyMark(text)) return null;
  const m = NUMBER.exec(canonicalNumberText(text!));
  if (!m || (m[2] !== undefined && m[2] !== '%')) return null;
  return roundFraction(Number(m[1]) / 100);
}

/** Division by 100 in binary floating point leaves noise (0.69 → 0.6900000000000001); printed rates have ≤ 6 decimals. */
const roundFraction = (v: number): number => Math.round(v * 1e8) / 1e8;

/**
 * Undoes what OCR does to printed numbers, conservatively: letters that look like digits (O→0, l/I/J→1,
 * S→5) only inside a token that is otherwise a number, and stray marks after a percent sign. Text that is
 * not number-like comes back unchanged, so a word is never turned into a number.
 */
export function repairOcrNumber(text: string): string {
  let t = text.normalize('NFKC').replace(/\s+/g, '');
  t = t.replace(/%.{1,2}$/u, '%');
  if (/\d/.test(t) && /^[-+]?[\dOoDlIJSsB]+(\.[\dOoDlIJSsB]+)?(%|分|万元|元)?$/.test(t)) {
    t = t.replace(/[OoD]/g, '0').replace(/[lIJ]/g, '1').replace(/[Ss]/g, '5').replace(/B/g, '8');
  }
  return t;
}
