import type { Finding, FormRecord } from '../../schemas/index.ts';
import { flagBudgetChangedInYear } from './flags/budget-changed-flag.ts';
import { flagCompletionClaimedLowExecution } from './flags/completion-claim-flag.ts';
import { flagActualCopiesTarget, flagGoalActualCopiesExpected } from './flags/copied-text-flags.ts';
import { flagDeductionWithoutReason, flagReasonAtFullMarks } from './flags/deduction-reason-flags.ts';
import { flagFullMarksBelowFullExecution, flagFullMarksZeroSpend } from './flags/full-marks-flags.ts';
import { flagGoalAmountContradictsBudget } from './flags/goal-amount-flag.ts';
import { flagOverExecution, flagPercentOver100 } from './flags/impossible-value-flags.ts';
import {
  flagActualAtThreshold,
  flagCostActualsExceedExecuted,
  flagCostUnderspentFullMarks,
  flagExactTargetOvershot,
  flagLastYearValueNotComparable,
  flagPaymentAfterYear,
  flagUnitMislabelled,
  flagUnmeasurableTarget,
} from './flags/indicator-value-flags.ts';
import { flagTemplatePlaceholder } from './flags/placeholder-flag.ts';
import { flagReasonRepeated } from './flags/repeated-reason-flag.ts';
import { flagSatisfactionNotMeasured } from './flags/satisfaction-flag.ts';
import { flagAmountCellHoldsPercent, flagExecutionOnOtherFundRow, flagNumericDeviationReason } from './flags/wrong-column-flags.ts';

/**
 * An oversight flag (domain.md §6): something a reviewer should look at although the arithmetic may hold.
 * Returns findings of kind 'flag', each with the cells that prove it; never changes the record.
 * A flag that does not fire returns nothing (no 'pass' findings), so the list a reviewer reads stays short.
 * Flags needing several forms are in `flags/cross-form.ts`; a printed rate ≠ the computed one is check I1.
 */
export type FlagRule = (record: FormRecord) => Finding[];

/** Flags run after the checks, in this order: money, scores and reasons, texts, template leftovers. */
export const flags: readonly FlagRule[] = [
  flagFullMarksZeroSpend,
  flagFullMarksBelowFullExecution,
  flagCompletionClaimedLowExecution,
  flagOverExecution,
  flagAmountCellHoldsPercent,
  flagExecutionOnOtherFundRow,
  flagBudgetChangedInYear,
  flagGoalAmountContradictsBudget,
  flagPaymentAfterYear,
  flagCostActualsExceedExecuted,
  flagSatisfactionNotMeasured,
  flagPercentOver100,
  flagDeductionWithoutReason,
  flagReasonAtFullMarks,
  flagNumericDeviationReason,
  flagReasonRepeated,
  flagActualCopiesTarget,
  flagExactTargetOvershot,
  flagActualAtThreshold,
  flagUnmeasurableTarget,
  flagUnitMislabelled,
  flagCostUnderspentFullMarks,
  flagLastYearValueNotComparable,
  flagGoalActualCopiesExpected,
  flagTemplatePlaceholder,
];
