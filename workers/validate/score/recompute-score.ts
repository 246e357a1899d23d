import type { Evidence, FormRecord, IndicatorRecomputation, ScoreRecomputation } from '../../../schemas/index.ts';
import { Decimal, printedDecimalPlaces, sumDecimals, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, fundsField, indicatorField, isTargetForm } from '../record-fields.ts';
import { isCostIndicator } from './is-cost-indicator.ts';
import { parseIndicatorValue } from './parse-indicator-value.ts';
import { sameUnit } from './same-unit.ts';
import { scoreExecution } from './score-execution.ts';
import { scoreIndicator } from './score-indicator.ts';

/** Written out at 2 decimals, half-up; sums are taken before this. */
const out = (value: Decimal): string => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed();
const outOrNull = (value: Decimal | null): string | null => (value === null ? null : out(value));

/**
 * Where the rules leave a range, the form's own score is the best point inside it (seed 004 (f)):
 * kept when inside, moved to the nearest edge when not, the middle when nothing is printed.
 */
function estimate(points: Decimal | null, min: Decimal, max: Decimal, printed: number | null): Decimal {
  if (points !== null) return points;
  if (printed === null) return min.plus(max).div(2);
  return Decimal.min(max, Decimal.max(min, toDecimal(printed)));
}

/** Cost rows as the forms score them: weight × actual/target, 正向, whatever the comparator says. */
function scoredBySpend(target: string | null, actual: string | null, weight: Decimal): Decimal | null {
  const [t, a] = [parseIndicatorValue(target), parseIndicatorValue(actual)];
  if (t.kind !== 'numeric' || a.kind !== 'numeric' || !sameUnit(t.unit, a.unit)) return null;
  const targetValue = new Decimal(t.value);
  if (targetValue.isZero()) return null;
  return weight.times(Decimal.max(0, Decimal.min(1, new Decimal(a.value).div(targetValue))));
}

/** Half a unit of the printed total's last digit: 95.28 stands for [95.275, 95.285), 87 for [86.5, 87.5). */
function printedRounding(record: FormRecord, printed: number): Decimal {
  return new Decimal(10).pow(-printedDecimalPlaces(record.printed['totalScore'], printed)).div(2);
}

type Row = { result: IndicatorRecomputation; estimate: Decimal; min: Decimal; max: Decimal; bySpend: Decimal };

function recomputeIndicators(record: FormRecord): Row[] {
  return record.indicators.flatMap((indicator, index): Row[] => {
    if (indicator.weight === null) return [];
    const weight = toDecimal(indicator.weight);
    const row = scoreIndicator(indicator, weight);
    const point = estimate(row.points, row.min, row.max, indicator.score);
    const isCost = isCostIndicator(indicator);
    const bySpend = isCost ? scoredBySpend(indicator.target, indicator.actual, weight) : null;
    const evidence: Evidence[] = (['target', 'actual', 'weight', 'score'] as const).map((key) =>
      evidenceFor(record, indicatorField(index, key), indicator[key]),
    );
    const result: IndicatorRecomputation = {
      index,
      name: indicator.name,
      rule: row.rule,
      isCost,
      weight: out(weight),
      points: outOrNull(row.points),
      min: out(row.min),
      max: out(row.max),
      estimate: out(point),
      printedScore: indicator.score === null ? null : out(toDecimal(indicator.score)),
      scoredBySpend: outOrNull(bySpend),
      reason: row.reason,
      notes: row.notes,
      evidence,
    };
    return [{ result, estimate: point, min: row.min, max: row.max, bySpend: bySpend ?? point }];
  });
}

/**
 * Re-scores a self-evaluation form by the official rules (domain.md §5, seed 004's 备注) and sets the
 * result beside the printed 总分. The rules often give only a range, so the form gets a point estimate,
 * a [min, max] and the "as practised" total that scores cost rows in proportion to spending.
 * Target forms (项目支出绩效目标表) print no actuals or scores, so there is nothing to recompute.
 */
export function recomputeScore(record: FormRecord): ScoreRecomputation {
  if (isTargetForm(record)) {
    return { status: 'not-applicable', reason: 'a 绩效目标表 prints targets only: no actuals, no scores' };
  }
  const execution = scoreExecution(record);
  const funds = findTotalRow(record);
  const executionPrinted = funds?.row.score ?? null;
  const executionEstimate = estimate(execution.points, execution.min, execution.max, executionPrinted);
  const rows = recomputeIndicators(record);
  const total = executionEstimate.plus(sumDecimals(rows.map((row) => row.estimate)));
  const min = execution.min.plus(sumDecimals(rows.map((row) => row.min)));
  const max = execution.max.plus(sumDecimals(rows.map((row) => row.max)));
  const bySpend = executionEstimate.plus(sumDecimals(rows.map((row) => row.bySpend)));
  const printed = record.totalScore === null ? null : toDecimal(record.totalScore);
  const slack = record.totalScore === null ? new Decimal(0) : printedRounding(record, record.totalScore);
  const fundsEvidence = funds
    ? (['annualBudget', 'executed', 'executionRate', 'score'] as const).map((key) =>
        evidenceFor(record, fundsField(funds.index, key), funds.row[key]),
      )
    : [];
  return {
    status: 'recomputed',
    execution: {
      rule: execution.rule,
      weight: out(execution.weight),
      points: outOrNull(execution.points),
      min: out(execution.min),
      max: out(execution.max),
      estimate: out(executionEstimate),
      printedScore: executionPrinted === null ? null : out(toDecimal(executionPrinted)),
      reason: execution.reason,
      evidence: fundsEvidence,
    },
    indicators: rows.map((row) => row.result),
    total: out(total),
    min: out(min),
    max: out(max),
    costScoredBySpend: out(bySpend),
    printedTotal: printed === null ? null : out(printed),
    gap: printed === null ? null : out(printed.minus(total)),
    printedInRange: printed === null ? null : printed.gte(min.minus(slack)) && printed.lte(max.plus(slack)),
  };
}
