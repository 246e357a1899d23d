import { Decimal } from 'decimal.js';
import { compactText } from './compact-text.ts';

/**
 * Decimal arithmetic for the checks. A JSON number goes through its shortest string form, so `0.69`
 * becomes exactly 0.69 and never 0.68999999999999994671; sums and products then stay exact.
 */
export const toDecimal = (value: number): Decimal => new Decimal(String(value));

export const sumDecimals = (values: readonly Decimal[]): Decimal =>
  values.reduce((sum, value) => sum.plus(value), new Decimal(0));

/** `|a − b| ≤ tolerance`; the edge itself counts as inside. */
export const isWithin = (a: Decimal, b: Decimal, tolerance: Decimal): boolean =>
  a.minus(b).abs().lte(tolerance);

/**
 * Decimal places of a printed number: `9.64分` → 2, `10 分` → 0. Without printed text the number's own
 * string form is used, which loses printed trailing zeros (`9.60` → 1).
 */
export function printedDecimalPlaces(printed: string | undefined, value: number): number {
  const match = printed ? /\d+(?:\.(\d+))?/.exec(compactText(printed)) : null;
  return match ? (match[1]?.length ?? 0) : toDecimal(value).decimalPlaces();
}

/** A value for messages: at most `places` decimals, no trailing zeros. */
export const formatDecimal = (value: Decimal, places = 4): string =>
  value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toString();

/** A fraction as a percentage for messages: 0.6865 → `68.65%`. */
export const formatPercent = (fraction: Decimal, places = 2): string =>
  `${fraction.times(100).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toString()}%`;

export { Decimal };
