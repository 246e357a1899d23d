import type { Evidence, FormRecord } from '../../../schemas/index.ts';
import { Decimal, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, fundsField, isTargetForm } from '../record-fields.ts';

export type ExecutionRate = { rate: Decimal; source: string; evidence: Evidence[] };

/**
 * The total row's execution rate for flags: 全年执行数 / 全年预算数 when both are printed, else the printed
 * 执行率. The amounts win because a wrong printed rate is I1's finding; a flag should reason from the money
 * (seed 004 form 8 prints 100% for 0 of 61.6 spent). Null on target forms and when neither is available.
 */
export function executionRate(record: FormRecord): ExecutionRate | null {
  if (isTargetForm(record)) return null;
  const total = findTotalRow(record);
  if (!total) return null;
  const { row, index } = total;
  const executed = evidenceFor(record, fundsField(index, 'executed'), row.executed);
  const budget = evidenceFor(record, fundsField(index, 'annualBudget'), row.annualBudget);
  const printedRate = evidenceFor(record, fundsField(index, 'executionRate'), row.executionRate);
  if (row.executed !== null && row.annualBudget !== null && row.annualBudget > 0) {
    const rate = toDecimal(row.executed).div(toDecimal(row.annualBudget));
    return { rate, source: `全年执行数 ${row.executed} / 全年预算数 ${row.annualBudget}`, evidence: [executed, budget, printedRate] };
  }
  if (row.executionRate !== null) return { rate: toDecimal(row.executionRate), source: '执行率 as printed', evidence: [printedRate] };
  return null;
}

/**
 * Nothing spent: 全年执行数 printed as 0, or blank with a printed 执行率 of 0%. A 0% beside a positive
 * 全年执行数 (seed 004 form 13) contradicts itself; that is I1's finding, not a zero spend.
 */
export function zeroSpend(record: FormRecord): Evidence[] | null {
  if (isTargetForm(record)) return null;
  const total = findTotalRow(record);
  if (!total) return null;
  const { row, index } = total;
  // Nothing budgeted, nothing spent: no money left unspent to speak of.
  if (row.annualBudget !== null && row.annualBudget <= 0) return null;
  const zeroExecuted = row.executed === 0;
  const zeroRate = row.executed === null && row.executionRate === 0;
  if (!zeroExecuted && !zeroRate) return null;
  return [
    evidenceFor(record, fundsField(index, 'executed'), row.executed),
    evidenceFor(record, fundsField(index, 'annualBudget'), row.annualBudget),
    evidenceFor(record, fundsField(index, 'executionRate'), row.executionRate),
  ];
}
