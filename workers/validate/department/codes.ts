import { compactText } from '../compact-text.ts';
/** A 功能分类/经济分类 code as digits only (`208 05 01` → `2080501`), or null when the row prints none. */
export function normalizeCode(code: string | null): string | null {
  if (code === null) return null;
  const digits = compactText(code);
  return /^\d+$/.test(digits) ? digits : null;
}

/** For messages, as the tables print it: 类 (3 digits), then 款 and 项 (2 each): `208 05 01`. */
export const formatCode = (code: string): string =>
  [code.slice(0, 3), ...(code.slice(3).match(/\d{1,2}/g) ?? [])].join(' ');

/** 类 codes have 3 digits in both classifications. */
export const isClassCode = (code: string): boolean => code.length === 3;
