import { Decimal } from './decimal.ts';

/** Amounts (万元) agree within max(0.01, 0.1% of the larger value): forms print 2–6 decimals and round sub-rows. */
export const AMOUNT_ABSOLUTE_TOLERANCE = new Decimal('0.01');
export const AMOUNT_RELATIVE_TOLERANCE = new Decimal('0.001');

/** Rates are fractions; ±0.5 percentage point because seed 004 prints whole percentages (69%). */
export const RATE_TOLERANCE = new Decimal('0.005');

/** Scores and weights: ±0.5, half of the whole points most templates print. */
export const SCORE_TOLERANCE = new Decimal('0.5');

/**
 * 得分 ≤ 分值 is a cap, not a computation: weight × share with share ≤ 1 cannot round above the weight,
 * so any excess is a typing error (seed 004 forms 18, 20, 21, 30) and no tolerance applies.
 */
export const SCORE_CAP_TOLERANCE = new Decimal(0);

/** The execution block's 分值 on every template seen; used only when the form does not print it. */
export const EXECUTION_WEIGHT = new Decimal(10);

/** Σ 分值 of a self-evaluation form (execution 10 + indicators 90). */
export const SELF_EVALUATION_TOTAL_WEIGHT = new Decimal(100);

/** Σ 指标分值权重 of a target form: the 10 points of 预算执行率 are scored only after the year. */
export const TARGET_TOTAL_WEIGHT = new Decimal(90);

export const amountTolerance = (a: Decimal, b: Decimal): Decimal =>
  Decimal.max(AMOUNT_ABSOLUTE_TOLERANCE, Decimal.max(a.abs(), b.abs()).times(AMOUNT_RELATIVE_TOLERANCE));

/**
 * Department tables (表1–表10) print 2 decimals and every figure is an exact sum of cents, not a rounded share,
 * so a one-cent gap is a typing error (seed 001 表2 `208 05` 170.10 under 170.11); max(0.01, 0.1%) would pass it.
 * Half a cent, so values printed with more decimals still pass when they agree to the cent.
 */
export const DEPARTMENT_TABLE_TOLERANCE = new Decimal('0.005');

/** The 备注 tiers for qualitative rows: achieved 100–80%, partly 80–60%, not achieved 60–0% (boundaries inclusive). */
export const TIER_ACHIEVED = new Decimal('0.8');
export const TIER_PARTLY = new Decimal('0.6');

/**
 * A printed score this far from what the 正向/反向 formula gives is "not proportional": forms print whole
 * points, so up to 1 point is rounding (seed 004 form 35 prints 5 for 5.08), more is a different rule.
 */
export const PROPORTION_TOLERANCE = new Decimal(1);
