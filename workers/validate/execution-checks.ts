import type { Finding, FormRecord } from '../../schemas/index.ts';
import { Decimal, formatDecimal, formatPercent, isWithin, printedDecimalPlaces, toDecimal } from './decimal.ts';
import { evidenceFor, failed, missingReason, notApplicable, passed, printedText, skipped } from './finding.ts';
import { findPartRows, findTotalRow, fundsField, isTargetForm, type IndexedFundsRow } from './record-fields.ts';
import { EXECUTION_WEIGHT, RATE_TOLERANCE, SCORE_TOLERANCE } from './tolerances.ts';

const rowEvidence = (record: FormRecord, { row, index }: IndexedFundsRow) => [
  evidenceFor(record, fundsField(index, 'executed'), row.executed),
  evidenceFor(record, fundsField(index, 'annualBudget'), row.annualBudget),
  evidenceFor(record, fundsField(index, 'executionRate'), row.executionRate),
  evidenceFor(record, fundsField(index, 'score'), row.score),
];

/** 全年执行数 / 全年预算数, or null when either is missing or the budget is 0. */
function computedRate({ row }: IndexedFundsRow): Decimal | null {
  if (row.executed === null || row.annualBudget === null || row.annualBudget === 0) return null;
  return toDecimal(row.executed).div(toDecimal(row.annualBudget));
}

function checkRowRate(record: FormRecord, funds: IndexedFundsRow): Finding {
  const { row, index } = funds;
  const rateField = fundsField(index, 'executionRate');
  const evidence = rowEvidence(record, funds).slice(0, 3);
  const skip = (reason: string) => skipped('I1', `${row.label}: ${reason}`, evidence);
  if (row.executionRate === null) return skip(missingReason(record, rateField, '执行率'));
  if (row.executed === null) return skip(missingReason(record, fundsField(index, 'executed'), '全年执行数'));
  if (row.annualBudget === null) return skip(missingReason(record, fundsField(index, 'annualBudget'), '全年预算数'));
  const expected = computedRate(funds);
  if (expected === null) return skip('全年预算数 is 0, so 执行率 is undefined');
  const printed = toDecimal(row.executionRate);
  const numbers = `执行率 ${formatPercent(printed)} vs 全年执行数 ${row.executed} / 全年预算数 ${row.annualBudget} = ${formatPercent(expected)}`;
  const outcome = { expected: formatDecimal(expected, 6), printed: printedText(record, rateField, row.executionRate), evidence };
  return isWithin(printed, expected, RATE_TOLERANCE)
    ? passed('I1', { ...outcome, message: `${row.label}: ${numbers}` })
    : failed('I1', { ...outcome, message: `${row.label}: ${numbers}, off by more than 0.5 pt` });
}

/** I1 执行率 = 全年执行数 / 全年预算数, on the total row and on every other row that prints a rate. */
export function checkExecutionRates(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [notApplicable('I1', 'target forms print no execution (全年执行数, 执行率)')];
  const total = findTotalRow(record);
  if (!total) return [skipped('I1', 'no 年度资金总额 row')];
  const parts = findPartRows(record).filter(({ row }) => row.executionRate !== null);
  return [total, ...parts].map((funds) => checkRowRate(record, funds));
}

type Reading = { source: string; fromPrintedRate: boolean; exact: Decimal; rounded: Decimal; truncated: Decimal };

function readingsOf(funds: IndexedFundsRow, weight: Decimal, places: number): Reading[] {
  const { executionRate } = funds.row;
  const computed = computedRate(funds);
  const rates = [
    ...(executionRate === null ? [] : [{ source: '执行率', rate: toDecimal(executionRate), fromPrintedRate: true }]),
    ...(computed === null ? [] : [{ source: '全年执行数/全年预算数', rate: computed, fromPrintedRate: false }]),
  ];
  return rates.map(({ source, rate, fromPrintedRate }) => {
    const exact = weight.times(rate);
    const rounded = exact.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    const truncated = exact.toDecimalPlaces(places, Decimal.ROUND_DOWN);
    return { source: `${formatDecimal(weight)} × ${source} ${formatPercent(rate)}`, fromPrintedRate, exact, rounded, truncated };
  });
}

/** Picks the reading that explains the printed score best and says how, or null when none is within ±0.5. */
function explain(printed: Decimal, readings: Reading[], places: number): { reading: Reading; how: string } | null {
  const to = `to ${places} decimal${places === 1 ? '' : 's'}`;
  const exactMatch = readings.find((r) => r.rounded.eq(printed) && r.truncated.eq(printed));
  if (exactMatch) return { reading: exactMatch, how: '' };
  const rounded = readings.find((r) => r.rounded.eq(printed));
  if (rounded) return { reading: rounded, how: `rounded ${to} (truncation gives ${rounded.truncated})` };
  const truncated = readings.find((r) => r.truncated.eq(printed));
  if (truncated) return { reading: truncated, how: `truncated ${to} (rounding gives ${truncated.rounded})` };
  const near = readings.find((r) => isWithin(printed, r.rounded, SCORE_TOLERANCE) || isWithin(printed, r.truncated, SCORE_TOLERANCE));
  if (near) return { reading: near, how: `neither rounded (${near.rounded}) nor truncated (${near.truncated}), but within ±0.5` };
  return null;
}

/**
 * I2 执行率得分 = 分值 × 执行率. Forms both round and truncate (seed 004: 6.87→7 but 7.68→7): rounding
 * passes, truncation fails with a warning naming it (seed 004 (d) counts forms 25 and 33 as violations),
 * and a score within ±0.5 of either passes with a warning. The score is compared with the
 * printed rate and with 全年执行数/全年预算数, so a wrong rate fails I1 alone, not I2 as well.
 */
export function checkExecutionScore(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [notApplicable('I2', 'target forms print no 执行率得分')];
  const total = findTotalRow(record);
  if (!total) return [skipped('I2', 'no 年度资金总额 row')];
  const { row, index } = total;
  const scoreField = fundsField(index, 'score');
  const evidence = rowEvidence(record, total);
  if (row.score === null) return [skipped('I2', missingReason(record, scoreField, '执行率得分'), evidence)];
  const weight = row.weight === null ? EXECUTION_WEIGHT : toDecimal(row.weight);
  const places = printedDecimalPlaces(record.printed[scoreField], row.score);
  const readings = readingsOf(total, weight, places);
  const [first] = readings;
  if (!first) return [skipped('I2', '执行率 and 全年执行数/全年预算数 are both unavailable', evidence)];
  const printed = toDecimal(row.score);
  const outcome = { printed: printedText(record, scoreField, row.score), evidence };
  const assumed = row.weight === null ? ' (分值 not printed; 10 assumed)' : '';
  const found = explain(printed, readings, places);
  if (!found) {
    const all = readings.map((r) => `${r.source} = ${formatDecimal(r.exact)}`).join('; ');
    const message = `执行率得分 ${printed} ≠ ${all}${assumed}, off by more than 0.5`;
    return [failed('I2', { ...outcome, expected: first.rounded.toString(), message })];
  }
  const { reading, how } = found;
  const unfit =
    !reading.fromPrintedRate && row.executionRate !== null
      ? `; the printed 执行率 ${formatPercent(toDecimal(row.executionRate))} does not fit (see I1)`
      : '';
  const message = `执行率得分 ${printed} = ${reading.source} = ${formatDecimal(reading.exact)}${how ? `, ${how}` : ''}${assumed}${unfit}`;
  // Rounding half-up is the rule of arithmetic; a truncated score is flagged (domain.md §4), never re-rounded.
  const truncatedOnly = reading.truncated.eq(printed) && !reading.rounded.eq(printed);
  if (truncatedOnly) return [failed('I2', { ...outcome, expected: reading.rounded.toString(), message }, 'warning')];
  const roundedOnly = reading.rounded.eq(printed);
  return [passed('I2', { ...outcome, expected: reading.rounded.toString(), message }, how && !roundedOnly ? 'warning' : 'info')];
}
