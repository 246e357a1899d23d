import type { Finding, FormRecord, Indicator } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { Decimal, sumDecimals, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, fundsField, indicatorField } from '../record-fields.ts';
import { isCostIndicator } from '../score/is-cost-indicator.ts';
import { parseIndicatorValue, type NumericValue } from '../score/parse-indicator-value.ts';
import { sameUnit } from '../score/same-unit.ts';
import { amountTolerance } from '../tolerances.ts';
import { raise } from './flag-codes.ts';
import { hasFullMarks } from './indicator-kinds.ts';

type Row = { indicator: Indicator; index: number };
const rows = (record: FormRecord): Row[] => record.indicators.map((indicator, index) => ({ indicator, index }));
const cells = (record: FormRecord, index: number, keys: readonly (keyof Indicator)[]) =>
  keys.map((key) => evidenceFor(record, indicatorField(index, key), (record.indicators[index]![key] ?? null) as string | number | null));
const numeric = (text: string | null): NumericValue | null => {
  const value = parseIndicatorValue(text);
  return value.kind === 'numeric' ? value : null;
};

/** `=N` overshot at full marks (seed 003 forms 12, 14, 15): an exact target that was set low, or not the real one. */
export function flagExactTargetOvershot(record: FormRecord): Finding[] {
  return rows(record).flatMap(({ indicator, index }) => {
    const target = numeric(indicator.target), actual = numeric(indicator.actual);
    if (!target || !actual || target.comparator !== 'eq' || isCostIndicator(indicator) || !hasFullMarks(indicator)) return [];
    if (!sameUnit(target.unit, actual.unit) || !new Decimal(actual.value).gt(new Decimal(target.value))) return [];
    return [raise('EXACT_TARGET_OVERSHOT', {
      message: `${indicator.name ?? `indicator ${index + 1}`}: the target is exactly "${indicator.target}", the result "${indicator.actual}", at full marks`,
      expected: indicator.target, printed: indicator.actual, evidence: cells(record, index, ['target', 'actual', 'score']),
    })];
  });
}

/** A target with no figure (`有效提升`, `长期`) "achieved" as a percentage (seed 003: 37 rows scored 100%, 90%, 80%). */
export function flagUnmeasurableTarget(record: FormRecord): Finding[] {
  return rows(record).flatMap(({ indicator, index }) => {
    const target = parseIndicatorValue(indicator.target), actual = numeric(indicator.actual);
    if (target.kind !== 'qualitative' || actual?.unit !== '%') return [];
    return [raise('UNMEASURABLE_TARGET', {
      message: `${indicator.name ?? `indicator ${index + 1}`}: the target "${indicator.target}" has no figure, yet the result is "${indicator.actual}"`,
      printed: indicator.actual, evidence: cells(record, index, ['target', 'actual']),
    })];
  });
}

/**
 * `≥90%` met with exactly 90% (seed 003: 12 of 21 satisfaction rows): a measured rate that lands on its
 * threshold looks fitted to it. Counts (`≥1个` → 1个) and 100% targets are met exactly by nature, so only
 * rates below 100% are flagged (seed 003 counts 49 rows of every kind).
 */
export function flagActualAtThreshold(record: FormRecord): Finding[] {
  return rows(record).flatMap(({ indicator, index }) => {
    const target = numeric(indicator.target), actual = numeric(indicator.actual);
    if (!target || !actual || (target.comparator !== 'ge' && target.comparator !== 'le')) return [];
    if (target.unit !== '%' || actual.unit !== '%' || !new Decimal(target.value).lt(100)) return [];
    if (!new Decimal(target.value).eq(new Decimal(actual.value))) return [];
    return [raise('ACTUAL_AT_THRESHOLD', {
      message: `${indicator.name ?? `indicator ${index + 1}`}: the result "${indicator.actual}" sits exactly on the threshold "${indicator.target}"`,
      evidence: cells(record, index, ['target', 'actual']),
    })];
  });
}

/** The name says `（元）`, the values say 万元 (seed 003 forms 13, 14), or the other way round. */
export function flagUnitMislabelled(record: FormRecord): Finding[] {
  return rows(record).flatMap(({ indicator, index }) => {
    const named = /[(（](万元|元)[)）]/u.exec((indicator.name ?? '').normalize('NFKC'))?.[1];
    const unit = numeric(indicator.target)?.unit ?? numeric(indicator.actual)?.unit;
    if (!named || !unit || !/^(万元|元)$/u.test(unit) || unit === named) return [];
    return [raise('UNIT_MISLABELLED', {
      message: `${indicator.name}: the name says ${named}, the values are in ${unit} ("${indicator.target}")`,
      evidence: cells(record, index, ['name', 'target']),
    })];
  });
}

/** A cost row under its ceiling at full marks: what the 反向 rule says, but not how the forms score (seed 004 forms 2, 45). */
export function flagCostUnderspentFullMarks(record: FormRecord): Finding[] {
  return rows(record).flatMap(({ indicator, index }) => {
    const target = numeric(indicator.target), actual = numeric(indicator.actual);
    if (!target || !actual || !isCostIndicator(indicator) || (target.comparator !== 'le' && target.comparator !== 'lt') || !hasFullMarks(indicator)) return [];
    if (!sameUnit(target.unit, actual.unit) || new Decimal(actual.value).isZero() || !new Decimal(actual.value).lt(new Decimal(target.value))) return [];
    return [raise('COST_UNDERSPENT_FULL_MARKS', {
      message: `${indicator.name ?? `indicator ${index + 1}`}: spent ${indicator.actual} of a ceiling "${indicator.target}" at full marks (the rule's reading; other forms score spending in proportion)`,
      evidence: cells(record, index, ['target', 'actual', 'score']),
    })];
  });
}

/** Σ cost-row actuals in 万元 above 全年执行数 (seed 002 #38: 296.68 of 190.24): the cost rows claim money not spent. */
export function flagCostActualsExceedExecuted(record: FormRecord): Finding[] {
  const total = findTotalRow(record);
  if (!total || total.row.executed === null || record.funds.unit !== '万元') return [];
  const cost = rows(record).flatMap(({ indicator, index }) => {
    const actual = numeric(indicator.actual);
    return isCostIndicator(indicator) && actual?.unit === '万元' ? [{ index, value: new Decimal(actual.value) }] : [];
  });
  if (cost.length === 0) return [];
  const sum = sumDecimals(cost.map((c) => c.value));
  const executed = toDecimal(total.row.executed);
  if (sum.minus(executed).lte(amountTolerance(sum, executed))) return [];
  return [raise('COST_ACTUALS_EXCEED_EXECUTED', {
    message: `the cost rows report ${sum.toString()} 万元 spent, the funds block ${executed.toString()} 万元 executed`,
    expected: executed.toString(), printed: sum.toString(),
    evidence: [evidenceFor(record, fundsField(total.index, 'executed'), total.row.executed), ...cost.flatMap((c) => cells(record, c.index, ['actual']))],
  })];
}

/** A last-year figure beyond this factor of this year's ceiling, either way, is not the same line's money. */
const LAST_YEAR_FACTOR = new Decimal(2);

/**
 * 上年完成值 of cost rows that cannot be last year's figure for the same line (seed 001: `50` against
 * `<=10万元`, `34.7` against `<=10万元`, the same `82.5` or `9.4` on two different lines): more than twice or
 * under half of this year's ceiling, or one figure repeated on several cost rows of the form.
 */
export function flagLastYearValueNotComparable(record: FormRecord): Finding[] {
  const costRows = rows(record).flatMap(({ indicator, index }) => {
    const last = numeric(indicator.lastYearValue ?? null), target = numeric(indicator.target);
    if (!last || !target || !isCostIndicator(indicator) || (last.unit !== null && !sameUnit(last.unit, target.unit))) return [];
    return [{ indicator, index, last: new Decimal(last.value), target: new Decimal(target.value) }];
  });
  const repeats = (value: Decimal) => costRows.filter((r) => r.last.eq(value)).length;
  return costRows.flatMap(({ indicator, index, last, target }) => {
    if (last.isZero() || target.isZero()) return [];
    const ratio = last.div(target);
    const far = ratio.gt(LAST_YEAR_FACTOR) || ratio.lt(new Decimal(1).div(LAST_YEAR_FACTOR));
    const repeated = repeats(last) > 1;
    if (!far && !repeated) return [];
    const why = [
      ...(far ? [`${ratio.toDecimalPlaces(2).toString()}× this year's ceiling "${indicator.target}"`] : []),
      ...(repeated ? [`the same figure on ${repeats(last)} cost rows`] : []),
    ].join('; ');
    return [raise('LAST_YEAR_VALUE_NOT_COMPARABLE', {
      message: `${indicator.name ?? `indicator ${index + 1}`}: 上年完成值 "${indicator.lastYearValue}" is ${why}`,
      evidence: cells(record, index, ['lastYearValue', 'target']),
    })];
  });
}

/** Money paid after the year under review (seed 004: 22 forms, `预计 2025 年 6 月…支付`) while the year's outputs are booked as achieved. */
export function flagPaymentAfterYear(record: FormRecord): Finding[] {
  if (record.fiscalYear === null) return [];
  const year = record.fiscalYear;
  const texts: { field: string; text: string | null }[] = [
    { field: 'goals.actual', text: record.goals.actual },
    { field: 'notes.deviationAnalysis', text: record.notes.deviationAnalysis },
    ...record.indicators.flatMap((i, index) => [
      { field: indicatorField(index, 'actual'), text: i.actual },
      { field: indicatorField(index, 'deviationReason'), text: i.deviationReason },
    ]),
  ];
  const hits = texts.filter(({ text }) => mentionsLaterPayment(text, year));
  if (hits.length === 0) return [];
  return [raise('PAYMENT_AFTER_YEAR', {
    message: `payment put after ${year}: "${excerpt(hits[0]!.text!)}"${hits.length > 1 ? ` (and ${hits.length - 1} more cells)` : ''}`,
    evidence: hits.map(({ field, text }) => evidenceFor(record, field, text)),
  })];
}

const PAYMENT = /支付|付款|拨付|结算|付清/u;

function mentionsLaterPayment(text: string | null, year: number): boolean {
  if (!text) return false;
  const flat = compactText(text);
  return flat.split(/[。；;]/u).some((sentence) =>
    PAYMENT.test(sentence) && [...sentence.matchAll(/(20\d\d)年/gu)].some((m) => Number(m[1]) > year));
}

const excerpt = (text: string) => {
  const flat = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
};
