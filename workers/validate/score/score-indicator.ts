import type { Indicator, ScoreRule } from '../../../schemas/index.ts';
import { Decimal, formatDecimal } from '../decimal.ts';
import { TIER_ACHIEVED, TIER_PARTLY } from '../tolerances.ts';
import { isCostIndicator } from './is-cost-indicator.ts';
import {
  normalizeValueText,
  parseIndicatorValue,
  type DateValue,
  type IndicatorValue,
  type NumericValue,
  type RangeValue,
} from './parse-indicator-value.ts';
import { sameUnit } from './same-unit.ts';

/** What the rules give one row, exact Decimals; rounding happens where the result is written out. */
export type RowPoints = {
  rule: ScoreRule;
  points: Decimal | null;
  min: Decimal;
  max: Decimal;
  reason: string;
  notes: string[];
};

const HUNDRED = new Decimal(100);

const exact = (rule: ScoreRule, points: Decimal, reason: string, notes: string[] = []): RowPoints => ({
  rule,
  points,
  min: points,
  max: points,
  reason,
  notes,
});

const range = (rule: ScoreRule, min: Decimal, max: Decimal, reason: string, notes: string[] = []): RowPoints => ({
  rule,
  points: null,
  min,
  max,
  reason,
  notes,
});

const fmt = (value: Decimal): string => formatDecimal(value);
const capped = (weight: Decimal, share: Decimal): Decimal => weight.times(Decimal.max(0, Decimal.min(1, share)));

/**
 * The printed comparator decides. A bare or `=` target prints no direction (the rules define only ≥ and ≤):
 * it is inferred from the row, 反向 for a cost row (a budget line is a ceiling: seed 004 (f) item 4 calls
 * 正向 "wrong in spirit" there) and 正向 for every other (a quantity, a rate, a count to reach), and the
 * note on the row says so.
 */
function directionNotes(target: NumericValue, isCost: boolean): string[] {
  const notes: string[] = [];
  const inferred = isCost ? '反向 inferred for a cost row' : '正向 inferred';
  if (target.comparator === null) notes.push(`${inferred}: target "${target.text}" prints no ≥/≤`);
  if (target.comparator === 'eq') notes.push(`${inferred}: target "${target.text}" printed with "=" (the rules define only ≥ and ≤)`);
  if (target.approximate) notes.push(`target "${target.text}" is approximate`);
  return notes;
}

const isReverse = (target: NumericValue, isCost: boolean): boolean =>
  target.comparator === 'le' || target.comparator === 'lt' || (isCost && (target.comparator === null || target.comparator === 'eq'));

function ratio(target: NumericValue, actual: NumericValue, weight: Decimal, isCost: boolean): RowPoints {
  const t = new Decimal(target.value);
  const a = new Decimal(actual.value);
  const notes = directionNotes(target, isCost);
  const numbers = `target "${target.text}", actual "${actual.text}"`;
  if (isReverse(target, isCost)) {
    if (a.isZero()) {
      // Nothing against a ceiling meets it (≤5 次事故 → 0 次); only money is odd: a cost row with nothing
      // spent has no cost to judge, and target/0 is undefined, so the rules give no score there.
      if (!isCost) return exact('reverse-ratio', weight, `反向, actual 0 is within the ceiling (${numbers})`, notes);
      return range('reverse-zero-actual', new Decimal(0), weight, `反向 with actual 0 (${numbers}): nothing spent, target/0 is undefined`, notes);
    }
    const points = capped(weight, t.div(a));
    return exact('reverse-ratio', points, `反向: ${fmt(weight)} × min(1, ${fmt(t)}/${fmt(a)}) = ${fmt(points)} (${numbers})`, notes);
  }
  if (t.isZero()) {
    return exact('forward-ratio', weight, `正向 with target 0: any actual meets it (${numbers})`, notes);
  }
  const points = capped(weight, a.div(t));
  return exact('forward-ratio', points, `正向: ${fmt(weight)} × min(1, ${fmt(a)}/${fmt(t)}) = ${fmt(points)} (${numbers})`, notes);
}

/** Inside `low–high` is met; below is scored 正向 against `low`, above 反向 against `high`. */
function rangeRatio(target: RangeValue, actual: NumericValue, weight: Decimal): RowPoints {
  const a = new Decimal(actual.value);
  const [low, high] = [new Decimal(target.low), new Decimal(target.high)];
  const numbers = `target "${target.text}", actual "${actual.text}"`;
  if (a.lt(low)) {
    const points = low.isZero() ? weight : capped(weight, a.div(low));
    return exact('forward-ratio', points, `below the target range: ${fmt(weight)} × ${fmt(a)}/${fmt(low)} = ${fmt(points)} (${numbers})`);
  }
  if (a.gt(high)) {
    const points = capped(weight, high.div(a));
    return exact('reverse-ratio', points, `above the target range: ${fmt(weight)} × ${fmt(high)}/${fmt(a)} = ${fmt(points)} (${numbers})`);
  }
  return exact('forward-ratio', weight, `actual inside the target range (${numbers})`);
}

const isIdentical = (target: string | null, actual: string | null): boolean => {
  const strip = (text: string | null) => normalizeValueText(text).replace(/^=/, '');
  return strip(target) !== '' && strip(target) === strip(actual);
};

const assumedMet = (weight: Decimal, target: IndicatorValue, actual: IndicatorValue, identical: boolean): RowPoints =>
  exact(
    'assumed-met',
    weight,
    identical
      ? `actual "${actual.text}" printed identical to target "${target.text}": assumed met`
      : `actual "${actual.text}" with no figure for target "${target.text}": assumed met`,
    [identical ? 'actual copied from the target, not measured against it' : `"${actual.text}" read as met; no figure to check`],
  );

/** Comparable in time: a missing month or day counts as the end of its year or month. */
const dateKey = (value: DateValue): number => value.year * 10000 + (value.month ?? 12) * 100 + (value.day ?? 31);

function qualitativeTier(target: IndicatorValue, actual: IndicatorValue, weight: Decimal, identical: boolean): RowPoints {
  const achievedMin = weight.times(TIER_ACHIEVED);
  const numbers = `target "${target.text}", actual "${actual.text}"`;
  const achieved = (why: string) => range('qualitative-tier', achievedMin, weight, `achieved (${why}): tier 100–80% (${numbers})`);
  const notAchieved = (why: string) =>
    range('qualitative-tier', new Decimal(0), achievedMin, `${why}: partly or not achieved, tiers 80–0% (${numbers})`);
  if (identical) return achieved('actual identical to target');
  if (actual.kind === 'status') {
    return actual.status === 'done' ? achieved(`"${actual.text}"`) : notAchieved(`"${actual.text}"`);
  }
  if (actual.kind === 'numeric' && actual.unit === '%' && actual.comparator !== 'lt' && actual.comparator !== 'le') {
    // A percentage against a words-only target is the only figure given: read it as the degree of achievement.
    const share = new Decimal(actual.value).div(HUNDRED);
    if (share.gte(TIER_ACHIEVED)) return achieved(`${actual.value}%`);
    if (share.gte(TIER_PARTLY)) {
      return range('qualitative-tier', weight.times(TIER_PARTLY), achievedMin, `partly achieved (${actual.value}%): tier 80–60% (${numbers})`);
    }
    return range('qualitative-tier', new Decimal(0), weight.times(TIER_PARTLY), `not achieved (${actual.value}%): tier 60–0% (${numbers})`);
  }
  if (target.kind === 'date' && actual.kind === 'date') {
    return dateKey(actual) <= dateKey(target) ? achieved('done by the date') : notAchieved('done after the date');
  }
  return range('qualitative-tier', new Decimal(0), weight, `the actual does not say whether the target was achieved (${numbers})`);
}

function numericTarget(target: NumericValue, actual: IndicatorValue, weight: Decimal, identical: boolean, isCost: boolean): RowPoints {
  if (actual.kind === 'numeric') {
    if (sameUnit(target.unit, actual.unit)) return ratio(target, actual, weight, isCost);
    if (identical) return assumedMet(weight, target, actual, identical);
    const units = `"${target.unit ?? 'no unit'}" vs "${actual.unit ?? 'no unit'}"`;
    return range('unit-mismatch', new Decimal(0), weight, `units ${units} cannot be divided (target "${target.text}", actual "${actual.text}")`);
  }
  if (identical || (actual.kind === 'status' && actual.status === 'done')) return assumedMet(weight, target, actual, identical);
  return range('cannot-apply', new Decimal(0), weight, `target "${target.text}" is a figure; actual "${actual.text}" gives none`);
}

/** One indicator row under the official rules; never throws, whatever the cells say. */
export function scoreIndicator(indicator: Indicator, weight: Decimal): RowPoints {
  const target = parseIndicatorValue(indicator.target);
  const actual = parseIndicatorValue(indicator.actual);
  const identical = isIdentical(indicator.target, indicator.actual);
  if (actual.kind === 'empty') return range('no-actual', new Decimal(0), weight, `no actual printed ("${actual.text}")`);
  switch (target.kind) {
    case 'numeric':
      return numericTarget(target, actual, weight, identical, isCostIndicator(indicator));
    case 'range':
      if (actual.kind === 'numeric' && sameUnit(target.unit, actual.unit)) return rangeRatio(target, actual, weight);
      if (identical || (actual.kind === 'status' && actual.status === 'done')) return assumedMet(weight, target, actual, identical);
      return range('cannot-apply', new Decimal(0), weight, `target range "${target.text}" against actual "${actual.text}"`);
    case 'compound':
    case 'unparsed':
      if (identical || (actual.kind === 'status' && actual.status === 'done')) return assumedMet(weight, target, actual, identical);
      return range('cannot-apply', new Decimal(0), weight, `target "${target.text}" cannot be compared with actual "${actual.text}"`);
    case 'empty':
      return range('cannot-apply', new Decimal(0), weight, `no target printed ("${target.text}")`);
    case 'date':
    case 'period':
    case 'status':
    case 'qualitative':
      return qualitativeTier(target, actual, weight, identical);
  }
}
