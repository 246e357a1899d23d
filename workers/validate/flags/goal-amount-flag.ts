import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { Decimal, isWithin, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { AMOUNT_COLUMNS, findTotalRow, fundsField } from '../record-fields.ts';
import { amountTolerance } from '../tolerances.ts';
import { raise } from './flag-codes.ts';

/** `300万元` with the words before it back to the previous punctuation mark, which must name money. */
const WAN_YUAN = /(\d+(?:\.\d+)?)万元/gu;
const CLAUSE_BREAK = /[，。；;,、:：！!？?（）()]/u;
const MONEY_WORD = /预算|资金|经费|费用|投资|投入|拨款|金额|总额|成本/u;
const DECIMAL_SHIFTS = [new Decimal(10), new Decimal('0.1')];

function clauseBefore(text: string, end: number): string {
  const before = text.slice(0, end);
  const start = Math.max(...[...before].map((char, i) => (CLAUSE_BREAK.test(char) ? i + 1 : 0)), 0);
  return before.slice(start);
}

/**
 * A 万元 figure in 预期目标 that is the budget shifted by one decimal place (seed 000 form 4: `规划编制费用
 * 300万元`, budget 30). Only that case is flagged: the clause must name money (费用, 资金, 预算 …), the
 * figure must equal 10× or 0.1× of the 全年预算数 (within the amount tolerance) and match no amount of
 * the funds block. Other figures are left alone, because goals legitimately quote multi-year totals and
 * paid-to-date sums (seed 004 form 1: 总投资 397.56, 已支付 335.25, 剩余 62.31).
 */
export function flagGoalAmountContradictsBudget(record: FormRecord): Finding[] {
  const total = findTotalRow(record);
  const budgetValue = total ? (total.row.annualBudget ?? total.row.initialBudget) : null;
  if (!total || budgetValue === null || budgetValue <= 0 || record.funds.unit !== '万元') return [];
  const budget = toDecimal(budgetValue);
  const amounts = record.funds.rows.flatMap((row) => AMOUNT_COLUMNS.flatMap((column) => (row[column] === null ? [] : [toDecimal(row[column])])));
  const matchesAmount = (figure: Decimal) => amounts.some((amount) => isWithin(figure, amount, amountTolerance(figure, amount)));
  const text = compactText(record.goals.expected);
  return [...text.matchAll(WAN_YUAN)].flatMap((match): Finding[] => {
    const figure = toDecimal(Number(match[1]));
    if (!MONEY_WORD.test(clauseBefore(text, match.index)) || matchesAmount(figure)) return [];
    const shift = DECIMAL_SHIFTS.find((factor) => {
      const shifted = budget.times(factor);
      return isWithin(figure, shifted, amountTolerance(figure, shifted));
    });
    if (!shift) return [];
    const budgetColumn = total.row.annualBudget !== null ? 'annualBudget' : 'initialBudget';
    return [
      raise('GOAL_AMOUNT_CONTRADICTS_BUDGET', {
        message: `预期目标 states "${clauseBefore(text, match.index)}${match[0]}", ${shift}× the budget ${budgetValue} 万元 in the funds block: one of them has a misplaced decimal point`,
        expected: `${budgetValue}万元`,
        printed: match[0],
        evidence: [evidenceFor(record, 'goals.expected', record.goals.expected), evidenceFor(record, fundsField(total.index, budgetColumn), budgetValue)],
      }),
    ];
  });
}
