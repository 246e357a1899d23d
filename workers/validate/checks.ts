import type { Finding, FormRecord } from '../../schemas/index.ts';
import { checkExecutionRates, checkExecutionScore } from './execution-checks.ts';
import { checkFundsSplit } from './funds-checks.ts';
import { checkScoreCaps, checkTotalScore } from './score-checks.ts';
import { checkLevel1Weights, checkTotalWeight } from './weight-checks.ts';

/** An arithmetic invariant (domain.md §4): every finding it returns has kind 'check'. Never changes the record. */
export type Check = (record: FormRecord) => Finding[];

/** Arithmetic checks in the order their findings are reported (I1–I7). */
export const checks: readonly Check[] = [
  checkExecutionRates,
  checkExecutionScore,
  checkTotalScore,
  checkTotalWeight,
  checkLevel1Weights,
  checkScoreCaps,
  checkFundsSplit,
];
