import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { Decimal, formatPercent } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { executionRate } from './execution-rate.ts';
import { raise } from './flag-codes.ts';

/**
 * A claim that the whole goal is done: `已完成`, `已完成全年预期目标`, `该项目已完成`, `全部完成`. A partial
 * claim (`已完成 3 个地块的评估`, `已完成 91 个公示牌安装，待…`) is a fact about one output, not the goal,
 * and is left alone; so is any text that also says something is not done.
 */
const WHOLE_GOAL_DONE = /^已完成[。.!！]?$|(?:全部|全面|均已|均)完成|已完成(?:全年|年度|全部|各项|预期|所有|既定|目标|任务|项目)|(?:项目|工作|任务|目标)(?:已经|已)完成/u;
const NOT_DONE = /未完成|尚未|没有完成|未全部|未能|正在|待/u;

/** Below this, "done" and the money disagree enough for a reviewer (seed 004 (e): 16 forms). */
const CLAIM_RATE_FLOOR = new Decimal('0.95');

export const claimsWholeGoalDone = (text: string | null): boolean => {
  const compact = compactText(text);
  return WHOLE_GOAL_DONE.test(compact) && !NOT_DONE.test(compact);
};

/** 实际完成情况 says the goal is done while less than 95% of the budget was spent. */
export function flagCompletionClaimedLowExecution(record: FormRecord): Finding[] {
  const execution = executionRate(record);
  if (!execution || execution.rate.gte(CLAIM_RATE_FLOOR) || !claimsWholeGoalDone(record.goals.actual)) return [];
  return [
    raise('COMPLETION_CLAIMED_LOW_EXECUTION', {
      message: `实际完成情况 "${record.goals.actual}" claims the goal done, but execution is ${formatPercent(execution.rate)} (${execution.source}), below 95%`,
      expected: 'execution ≥ 95%, or an account of what is not done',
      printed: record.goals.actual,
      evidence: [evidenceFor(record, 'goals.actual', record.goals.actual), ...execution.evidence],
    }),
  ];
}
