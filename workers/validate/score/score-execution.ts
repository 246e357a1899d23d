import type { FormRecord } from '../../../schemas/index.ts';
import { Decimal, formatDecimal, formatPercent, toDecimal } from '../decimal.ts';
import { findTotalRow } from '../record-fields.ts';
import { EXECUTION_WEIGHT } from '../tolerances.ts';

export type ExecutionPoints = {
  rule: 'execution-ratio' | 'printed-rate' | 'cannot-apply';
  weight: Decimal;
  points: Decimal | null;
  min: Decimal;
  max: Decimal;
  reason: string;
};

const share = (rate: Decimal): Decimal => Decimal.max(0, Decimal.min(1, rate));

/**
 * 预算执行率 points from the 年度资金总额 row: 分值 × min(1, 全年执行数/全年预算数). The printed 执行率 is
 * the fallback only: forms print wrong rates (seed 004: 0/61.6 printed 100%), the amounts are the facts.
 */
export function scoreExecution(record: FormRecord): ExecutionPoints {
  const total = findTotalRow(record);
  const printedWeight = total?.row.weight ?? null;
  const weight = printedWeight === null ? EXECUTION_WEIGHT : toDecimal(printedWeight);
  const exact = (rule: ExecutionPoints['rule'], points: Decimal, reason: string): ExecutionPoints =>
    ({ rule, weight, points, min: points, max: points, reason });
  if (!total) return { rule: 'cannot-apply', weight, points: null, min: new Decimal(0), max: weight, reason: 'no 年度资金总额 row' };
  const { executed, annualBudget, executionRate } = total.row;
  if (executed !== null && annualBudget !== null && annualBudget > 0) {
    const rate = toDecimal(executed).div(toDecimal(annualBudget));
    const points = weight.times(share(rate));
    const reason = `${formatDecimal(weight)} × min(1, 全年执行数 ${executed} / 全年预算数 ${annualBudget} = ${formatPercent(rate)}) = ${formatDecimal(points)}`;
    return exact('execution-ratio', points, reason);
  }
  if (executionRate !== null) {
    const points = weight.times(share(toDecimal(executionRate)));
    const reason = `全年执行数/全年预算数 not computable; printed 执行率 ${formatPercent(toDecimal(executionRate))} gives ${formatDecimal(points)}`;
    return exact('printed-rate', points, reason);
  }
  return { rule: 'cannot-apply', weight, points: null, min: new Decimal(0), max: weight, reason: 'neither 全年执行数/全年预算数 nor 执行率 is readable' };
}
