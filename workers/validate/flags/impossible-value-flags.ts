import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { Decimal, formatPercent, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { fundsField, indicatorField, indicatorName, isTargetForm, usedIndicators } from '../record-fields.ts';
import { amountTolerance } from '../tolerances.ts';
import { raise } from './flag-codes.ts';
import { isSatisfaction } from './indicator-kinds.ts';

/**
 * Rates that are shares of a whole and so cannot pass 100%. Growth or ratio indicators (增长率, 占比 of
 * something else) can, and so can 完成率 (over-delivery is ordinary) and 执行率 (overspending is
 * EXECUTED_OVER_BUDGET's), so only these names count, plus every 满意度 row.
 */
const SHARE_NAME = /(?:合格|覆盖|达标|满意|知晓|准确|到位|验收|识别|通过|及时|入库|办结|上报|核查|审核|使用|处置)率|满意度/u;

/** Every `N%` in an actual: `105%`, `=105%`, `≥ 100.5 %`. */
const PERCENT = /(\d+(?:\.\d+)?)%/gu;

/** A share above 100% (seed 002#18: 满意度 `=105%`). One finding per row, naming the largest figure. */
export function flagPercentOver100(record: FormRecord): Finding[] {
  return usedIndicators(record).flatMap((row) => {
    const { indicator, index } = row;
    if (!isSatisfaction(indicator) && !SHARE_NAME.test(compactText(indicator.name))) return [];
    const figures = [...compactText(indicator.actual).matchAll(PERCENT)].map((match) => new Decimal(match[1]!));
    const over = figures.filter((figure) => figure.gt(100));
    if (over.length === 0) return [];
    const largest = over.reduce((a, b) => (a.gt(b) ? a : b));
    return [
      raise('PERCENT_OVER_100', {
        message: `${indicatorName(row)}: actual "${indicator.actual}" reports ${largest}% of a whole, which cannot exceed 100%`,
        expected: '≤ 100%',
        printed: indicator.actual,
        evidence: [evidenceFor(record, indicatorField(index, 'actual'), indicator.actual)],
      }),
    ];
  });
}

/**
 * 全年执行数 above 全年预算数 on any funds row; else a printed 执行率 above 100%. One finding per row: when
 * the amounts already show the overspend the rate is its consequence, not a second finding.
 */
export function flagOverExecution(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [];
  return record.funds.rows.flatMap((row, index): Finding[] => {
    const executed = evidenceFor(record, fundsField(index, 'executed'), row.executed);
    const budget = evidenceFor(record, fundsField(index, 'annualBudget'), row.annualBudget);
    const rate = evidenceFor(record, fundsField(index, 'executionRate'), row.executionRate);
    if (row.executed !== null && row.annualBudget !== null) {
      const spent = toDecimal(row.executed);
      const planned = toDecimal(row.annualBudget);
      if (spent.minus(planned).gt(amountTolerance(spent, planned))) {
        const message = `${row.label}: 全年执行数 ${row.executed} exceeds 全年预算数 ${row.annualBudget}`;
        return [raise('EXECUTED_OVER_BUDGET', { message, expected: `≤ ${row.annualBudget}`, printed: executed.printed, evidence: [executed, budget, rate] })];
      }
    }
    if (row.executionRate !== null && toDecimal(row.executionRate).gt(1)) {
      const message = `${row.label}: 执行率 printed as ${formatPercent(toDecimal(row.executionRate))}, above 100%`;
      return [raise('EXECUTION_RATE_OVER_100', { message, expected: '≤ 100%', printed: rate.printed, evidence: [rate, executed, budget] })];
    }
    return [];
  });
}
