import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { formatDecimal, isWithin, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, fundsField } from '../record-fields.ts';
import { amountTolerance } from '../tolerances.ts';
import { raise } from './flag-codes.ts';

/**
 * 年初预算数 ≠ 全年预算数 on the total row: the budget changed within the year. Routine (seed 002: 9 of 40
 * projects), so info; it matters beside targets set for the old amount (seed 003 form 8: cost target
 * 9 万元, budget raised to 41).
 */
export function flagBudgetChangedInYear(record: FormRecord): Finding[] {
  const total = findTotalRow(record);
  if (!total) return [];
  const { row, index } = total;
  if (row.initialBudget === null || row.annualBudget === null) return [];
  const initial = toDecimal(row.initialBudget);
  const annual = toDecimal(row.annualBudget);
  if (isWithin(initial, annual, amountTolerance(initial, annual))) return [];
  const change = annual.minus(initial);
  const adjustment = row.adjustment === null ? '' : `, 年中预算调整数 ${row.adjustment}`;
  const message =
    `${row.label}: 年初预算数 ${row.initialBudget} → 全年预算数 ${row.annualBudget} ` +
    `(${change.gt(0) ? '+' : ''}${formatDecimal(change)} ${record.funds.unit}${adjustment}); targets may still reflect the initial budget`;
  const evidence = [
    evidenceFor(record, fundsField(index, 'initialBudget'), row.initialBudget),
    ...(row.adjustment === null ? [] : [evidenceFor(record, fundsField(index, 'adjustment'), row.adjustment)]),
    evidenceFor(record, fundsField(index, 'annualBudget'), row.annualBudget),
  ];
  return [raise('BUDGET_CHANGED_IN_YEAR', { message, expected: String(row.initialBudget), printed: String(row.annualBudget), evidence })];
}
