import { Decimal } from 'decimal.js';
import type { QuotedFigure } from '../../../schemas/index.ts';

/** What a printed figure can stand for: the exact value it was rounded from lies in [lo, hi]. */
export type Interval = { lo: Decimal; hi: Decimal };

const WAN: Record<QuotedFigure['unit'], Decimal> = { 元: new Decimal('0.0001'), 万元: new Decimal(1), 亿元: new Decimal(10000), '%': new Decimal(1) };

/** Half a unit of the last printed digit: `2.10%` stands for 2.095–2.105. */
export const halfUnit = (decimals: number): Decimal => new Decimal(5).times(new Decimal(10).pow(-decimals - 1));

/**
 * An amount in 万元 (percentages as printed), with the range its rounding allows. `exact` takes an amount as the
 * very figure it prints: a budget's allocations are whole amounts, and its rates are worked out from them.
 */
export function intervalOf(figure: QuotedFigure, exact = false): Interval {
  const value = new Decimal(String(figure.value)).times(WAN[figure.unit]);
  const half = exact && figure.unit !== '%' ? new Decimal(0) : halfUnit(figure.decimals).times(WAN[figure.unit]);
  return { lo: value.minus(half), hi: value.plus(half) };
}

export const inWan = (figure: QuotedFigure): Decimal => new Decimal(String(figure.value)).times(WAN[figure.unit]);

export const isAmount = (figure: QuotedFigure): boolean => figure.unit !== '%';

/** a / b × 100 over the ranges; an upper end at or below zero leaves the ratio unbounded. */
export function ratioPercent(a: Interval, b: Interval): Interval | null {
  if (b.hi.lte(0)) return null;
  const lo = a.lo.lte(0) ? new Decimal(0) : a.lo.div(b.hi).times(100);
  const hi = b.lo.lte(0) ? new Decimal(Infinity) : a.hi.div(b.lo).times(100);
  return { lo, hi };
}

export const overlaps = (a: Interval, b: Interval): boolean => a.lo.lte(b.hi) && b.lo.lte(a.hi);

/** A range as a reviewer reads it: `2.087–2.092 %`, or one figure when it is narrow. */
export function formatPercent(range: Interval): string {
  if (!range.hi.isFinite()) return `≥ ${range.lo.toFixed(2)}%`;
  const lo = range.lo.toFixed(2), hi = range.hi.toFixed(2);
  return lo === hi ? `${lo}%` : `${lo}–${hi}%`;
}
