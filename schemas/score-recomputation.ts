import { z } from 'zod';
import { Evidence } from './validation.ts';

/**
 * Points as decimal strings (`12.96`, `20`), rounded half-up to 2 decimals only when written out; every
 * sum is taken on the exact values first. Strings, not JSON numbers, so no reader re-enters float maths.
 */
export const DecimalString = z.string().regex(/^-?\d+(?:\.\d+)?$/);
export type DecimalString = z.infer<typeof DecimalString>;

/**
 * Which of the official rules (财预〔2020〕10号, printed in seed 004's 备注) gave a row its points:
 * - `forward-ratio` 正向 weight × actual/target, capped at the weight (`≥X`; also bare and `=` targets, a guess);
 * - `reverse-ratio` 反向 weight × target/actual, capped (`≤X`);
 * - `reverse-zero-actual` 反向 with actual 0: target/0 is undefined, so [0, weight];
 * - `assumed-met` numeric or date target with actual `已完成` or printed identical to the target: full weight;
 * - `qualitative-tier` achieved [0.8w, w], partly or not achieved [0, 0.8w] (the text cannot split tiers 2 and 3);
 * - `unit-mismatch` target and actual in units that cannot be divided (`万元/亩` vs `万元`): [0, weight];
 * - `no-actual` actual blank or `/`: [0, weight];
 * - `cannot-apply` no rule fits (compound or unreadable values, a figure target with `未完成`): [0, weight].
 */
export const ScoreRule = z.enum([
  'forward-ratio',
  'reverse-ratio',
  'reverse-zero-actual',
  'assumed-met',
  'qualitative-tier',
  'unit-mismatch',
  'no-actual',
  'cannot-apply',
]);
export type ScoreRule = z.infer<typeof ScoreRule>;

/** The points a rule allows: exact (`points` = min = max) or a range with `points` null. */
const Points = z.object({
  weight: DecimalString,
  /** What the rule gives; null when it gives only the range [min, max]. */
  points: DecimalString.nullable(),
  min: DecimalString,
  max: DecimalString,
  /** `points`, else the printed score moved into [min, max], else the middle of the range. */
  estimate: DecimalString,
  printedScore: DecimalString.nullable(),
  /** Why these points, in words a reviewer can check against the form. */
  reason: z.string(),
  evidence: z.array(Evidence),
});

export const IndicatorRecomputation = Points.extend({
  /** Position in `record.indicators`. */
  index: z.int().nonnegative(),
  name: z.string().nullable(),
  rule: ScoreRule,
  isCost: z.boolean(),
  /**
   * Cost rows only: weight × actual/target read 正向, the way most forms actually score cost (in
   * proportion to spending); null when the row is not a cost row or has no numeric actual/target pair.
   */
  scoredBySpend: DecimalString.nullable(),
  /** Assumptions behind the points (`正向 assumed: the target prints no ≥/≤`, `已完成 read as met`). */
  notes: z.array(z.string()),
});
export type IndicatorRecomputation = z.infer<typeof IndicatorRecomputation>;

export const ExecutionRule = z.enum(['execution-ratio', 'printed-rate', 'cannot-apply']);
export type ExecutionRule = z.infer<typeof ExecutionRule>;

/** 预算执行率 points: weight (10) × min(1, 全年执行数/全年预算数); the printed 执行率 only when that cannot be computed. */
export const ExecutionRecomputation = Points.extend({ rule: ExecutionRule });
export type ExecutionRecomputation = z.infer<typeof ExecutionRecomputation>;

export const ScoreRecomputation = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('recomputed'),
    execution: ExecutionRecomputation,
    /** Rows with a 分值 only: a row without one is not scored. */
    indicators: z.array(IndicatorRecomputation),
    /** Σ row estimates (the literal rules), and the range of Σ min … Σ max. */
    total: DecimalString,
    min: DecimalString,
    max: DecimalString,
    /** The total with cost rows scored in proportion to spending, as the forms practise it. */
    costScoredBySpend: DecimalString,
    printedTotal: DecimalString.nullable(),
    /** printed 总分 − `total`; null when no 总分 is printed. */
    gap: DecimalString.nullable(),
    /**
     * min ≤ printed 总分 ≤ max, give or take the printed total's own rounding (±0.005 for `95.28`, ±0.5
     * for `87`), so a total rounded up from 95.276 still counts; null when no 总分 is printed.
     */
    printedInRange: z.boolean().nullable(),
  }),
  z.object({ status: z.literal('not-applicable'), reason: z.string() }),
]);
export type ScoreRecomputation = z.infer<typeof ScoreRecomputation>;
