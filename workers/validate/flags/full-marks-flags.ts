import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { formatPercent } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, indicatorField, indicatorName, usedIndicators } from '../record-fields.ts';
import { executionRate, zeroSpend } from './execution-rate.ts';
import { raise } from './flag-codes.ts';
import { hasFullMarks, isOutput } from './indicator-kinds.ts';

/** Every 数量/质量/时效 row at full marks while nothing was spent: outputs booked as achieved without money (seed 004: 8 forms). */
export function flagFullMarksZeroSpend(record: FormRecord): Finding[] {
  const spend = zeroSpend(record);
  if (!spend) return [];
  const outputs = usedIndicators(record).filter(({ indicator }) => isOutput(indicator));
  if (outputs.length === 0 || !outputs.every(({ indicator }) => hasFullMarks(indicator))) return [];
  const spent = findTotalRow(record)?.row.executed === null ? '全年执行数 blank, 执行率 0%' : '全年执行数 0';
  const message = `all ${outputs.length} 数量/质量/时效 rows score full marks while nothing of the budget was spent (${spent})`;
  const evidence = [...spend, ...outputs.map(({ indicator, index }) => evidenceFor(record, indicatorField(index, 'score'), indicator.score))];
  return [raise('FULL_MARKS_ZERO_SPEND', { message, expected: 'outputs scored against what the money bought', evidence })];
}

/**
 * Execution below 100% yet every indicator at full marks (seed 003: 4 forms). Rows lacking 分值 or 得分
 * leave "every" unknown, so the flag stays silent.
 */
export function flagFullMarksBelowFullExecution(record: FormRecord): Finding[] {
  const execution = executionRate(record);
  if (!execution || execution.rate.gte(1)) return [];
  const rows = usedIndicators(record);
  if (rows.length === 0 || !rows.every(({ indicator }) => hasFullMarks(indicator))) return [];
  const names = rows.length <= 3 ? ` (${rows.map(indicatorName).join(', ')})` : '';
  const message = `execution ${formatPercent(execution.rate)} (${execution.source}) yet all ${rows.length} indicators score full marks${names}`;
  const evidence = [...execution.evidence, ...rows.map(({ indicator, index }) => evidenceFor(record, indicatorField(index, 'score'), indicator.score))];
  return [raise('FULL_MARKS_BELOW_FULL_EXECUTION', { message, printed: formatPercent(execution.rate), evidence })];
}
