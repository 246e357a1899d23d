import type { Finding, Severity } from '../../../schemas/index.ts';
import { flagged, type Outcome } from '../finding.ts';

type FlagCodeSpec = { severity: Severity; meaning: string };

/**
 * Every oversight flag (domain.md §6) with its severity, in one place so a reviewer's filter and the docs
 * agree. error: the form is likely wrong or irregular; warning: a reviewer should look; info: a weak signal.
 */
export const FLAG_CODES = {
  FULL_MARKS_ZERO_SPEND: { severity: 'warning', meaning: 'every 数量/质量/时效 row at full marks while nothing of the budget was spent' },
  FULL_MARKS_BELOW_FULL_EXECUTION: { severity: 'warning', meaning: 'execution below 100% while every indicator scores full marks' },
  SATISFACTION_NOT_MEASURED: { severity: 'warning', meaning: 'a 满意度 row whose 实际完成值 gives no figure (已完成, 正在进行, blank)' },
  DEDUCTION_WITHOUT_REASON: { severity: 'warning', meaning: 'points lost on a row with no reason on the row and none at form level' },
  REASON_AT_FULL_MARKS: { severity: 'info', meaning: 'a deviation reason on a row that scores full marks' },
  COMPLETION_CLAIMED_LOW_EXECUTION: { severity: 'warning', meaning: '实际完成情况 claims the whole goal done while execution is below 95%' },
  PERCENT_OVER_100: { severity: 'error', meaning: 'a share (满意度, 合格率, 覆盖率 …) reported above 100%' },
  EXECUTED_OVER_BUDGET: { severity: 'error', meaning: '全年执行数 above 全年预算数 on a funds row' },
  EXECUTION_RATE_OVER_100: { severity: 'error', meaning: 'a printed 执行率 above 100% (where the amounts do not already show it)' },
  AMOUNT_CELL_HOLDS_PERCENT: { severity: 'error', meaning: 'a funds amount cell holding a percentage (value in the wrong column)' },
  NUMERIC_DEVIATION_REASON: { severity: 'warning', meaning: 'a 偏差原因 cell holding only a number (a value slid into the wrong column)' },
  EXECUTION_ON_OTHER_FUND_ROW: { severity: 'warning', meaning: 'the budget sits on one fund source, the execution on another (switch or wrong row)' },
  GOAL_ACTUAL_COPIES_EXPECTED: { severity: 'warning', meaning: '实际完成情况 is the 预期目标 text verbatim' },
  ACTUAL_COPIES_TARGET: { severity: 'warning', meaning: '实际完成值 is the 年度指标值 copied with its comparator (=1000吨 → =1000吨)' },
  REASON_REPEATED: { severity: 'warning', meaning: 'one deviation reason pasted onto three or more rows' },
  BUDGET_CHANGED_IN_YEAR: { severity: 'info', meaning: '年初预算数 differs from 全年预算数' },
  TEMPLATE_PLACEHOLDER: { severity: 'warning', meaning: 'template text left in (指标 1:, XXX)' },
  GOAL_AMOUNT_CONTRADICTS_BUDGET: { severity: 'warning', meaning: 'the goal states a 万元 amount that is the budget shifted by a decimal place' },
  TARGET_MET_POINTS_DEDUCTED: { severity: 'warning', meaning: 'the actual meets the target under the official rules, yet points were cut' },
  COST_UNDERSPENT_PENALISED: { severity: 'warning', meaning: 'a cost row within its ceiling scored below full (the 反向 rule gives full marks; the form scores in proportion to spending)' },
  TARGET_MISSED_FULL_MARKS: { severity: 'warning', meaning: 'the actual falls short of the target, yet full marks' },
  SCORE_NOT_PROPORTIONAL: { severity: 'warning', meaning: 'a partly achieved figure scored more than 1 point away from weight × actual/target' },
  DONE_WITHOUT_FIGURE: { severity: 'info', meaning: 'a figure was the target and 已完成 the result, at full marks: nothing to check' },
  DONE_BUT_DEDUCTED: { severity: 'warning', meaning: '已完成 against a figure, yet points were cut: what was missed is not said' },
  REVERSE_TARGET_ZERO_ACTUAL: { severity: 'info', meaning: 'a ≤ target with actual 0: the 反向 rule divides by zero, the score is the form\'s choice' },
  DONE_BELOW_ACHIEVED_TIER: { severity: 'warning', meaning: 'a qualitative row reported 已完成 but scored below 80% of its weight' },
  EXACT_TARGET_OVERSHOT: { severity: 'info', meaning: 'an exact (=) target overshot at full marks: set low, or not the real target' },
  UNMEASURABLE_TARGET: { severity: 'info', meaning: 'a target with no figure (有效提升, 长期) reported as a percentage achieved' },
  ACTUAL_AT_THRESHOLD: { severity: 'info', meaning: 'a result exactly on its ≥/≤ threshold' },
  UNIT_MISLABELLED: { severity: 'warning', meaning: 'the indicator name gives one money unit (元), the values another (万元)' },
  COST_UNDERSPENT_FULL_MARKS: { severity: 'info', meaning: 'a cost row under its ceiling at full marks: the rule\'s reading, unlike forms that score spending in proportion' },
  COST_ACTUALS_EXCEED_EXECUTED: { severity: 'warning', meaning: 'the cost rows report more money spent than the funds block executed' },
  LAST_YEAR_VALUE_NOT_COMPARABLE: { severity: 'info', meaning: 'a cost row\'s 上年完成值 far from this year\'s ceiling, or repeated on several cost rows' },
  PAYMENT_AFTER_YEAR: { severity: 'warning', meaning: 'payment put after the year under review while its outputs are booked as achieved' },
  CROSS_FORM_DUPLICATE_PROJECT: { severity: 'error', meaning: 'same budget, goal and indicators under another project name (possible double declaration)' },
  CROSS_FORM_SAME_GOAL: { severity: 'warning', meaning: 'same 预期目标 text as another project of the department and year' },
  CROSS_FORM_SAME_ACTUAL: { severity: 'warning', meaning: 'same 实际完成情况 text as another project of the department and year' },
  TARGET_REVISED_AFTER_BUDGET: { severity: 'warning', meaning: 'an indicator judged against another 指标值 than the one set in the 绩效目标表 of the same project and year' },
  TARGET_INDICATOR_DROPPED: { severity: 'warning', meaning: 'indicators set in the 绩效目标表 are missing from the self-evaluation' },
  INDICATOR_NOT_IN_TARGETS: { severity: 'info', meaning: 'the self-evaluation scores indicators the 绩效目标表 did not set' },
  BUDGET_DIFFERS_FROM_TARGET_FORM: { severity: 'info', meaning: '年初预算数 differs from the 年度预算总额 of the 绩效目标表' },
} as const satisfies Record<string, FlagCodeSpec>;

export type FlagCode = keyof typeof FLAG_CODES;

/** A raised flag with the severity its code carries. */
export const raise = (code: FlagCode, outcome: Outcome): Finding => flagged(code, FLAG_CODES[code].severity, outcome);
