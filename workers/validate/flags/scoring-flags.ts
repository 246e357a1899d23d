import type { Finding, FormRecord, IndicatorRecomputation, ScoreRecomputation } from '../../../schemas/index.ts';
import { Decimal } from '../decimal.ts';
import { parseIndicatorValue } from '../score/parse-indicator-value.ts';
import { PROPORTION_TOLERANCE, TIER_ACHIEVED } from '../tolerances.ts';
import { raise } from './flag-codes.ts';
import { isSatisfaction } from './indicator-kinds.ts';


/**
 * Flags that compare the printed scores with the official rules row by row (domain.md §5–6), from the
 * recomputation: the rules say the target is met but points were cut, a partial result scored out of
 * proportion, a miss at full marks, `已完成` standing in for a figure, 反向 rows with nothing spent.
 */
export function scoringFlags(record: FormRecord, score: ScoreRecomputation): Finding[] {
  if (score.status !== 'recomputed') return [];
  return score.indicators.flatMap((row) => rowFlags(record, row));
}

function rowFlags(record: FormRecord, row: IndicatorRecomputation): Finding[] {
  const indicator = record.indicators[row.index]!;
  if (row.printedScore === null) return [];
  const weight = new Decimal(row.weight);
  const printed = new Decimal(row.printedScore);
  const name = indicator.name ?? `indicator ${row.index + 1}`;
  const said = `"${indicator.target ?? ''}" → "${indicator.actual ?? ''}", scored ${row.printedScore} of ${row.weight}`;
  const outcome = (message: string, expected: string | null = null) => ({ message, expected, printed: row.printedScore, evidence: row.evidence });
  const actual = parseIndicatorValue(indicator.actual);

  switch (row.rule) {
    case 'forward-ratio':
    case 'reverse-ratio': {
      const points = new Decimal(row.points!);
      const met = points.gte(weight);
      if (met && printed.lt(weight)) {
        return [row.isCost && row.rule === 'reverse-ratio'
          ? raise('COST_UNDERSPENT_PENALISED', outcome(`${name}: spent within the ceiling (${said}); the 反向 rule gives full marks, the form scores in proportion to spending`, row.weight))
          : raise('TARGET_MET_POINTS_DEDUCTED', outcome(`${name}: the target is met (${said}); the rules give full marks`, row.weight))];
      }
      if (!met && printed.gte(weight)) {
        return [raise('TARGET_MISSED_FULL_MARKS', outcome(`${name}: the target is not reached (${said}); the rules give ${row.points}`, row.points))];
      }
      if (!met && printed.minus(points).abs().gt(PROPORTION_TOLERANCE)) {
        return [raise('SCORE_NOT_PROPORTIONAL', outcome(`${name}: partly achieved (${said}); in proportion that is ${row.points}`, row.points))];
      }
      return [];
    }
    case 'assumed-met':
      if (actual.kind !== 'status' || isSatisfaction(indicator)) return [];
      return printed.gte(weight)
        ? [raise('DONE_WITHOUT_FIGURE', outcome(`${name}: a figure was the target, "${indicator.actual}" is the result (${said}); nothing to check it against`))]
        : [raise('DONE_BUT_DEDUCTED', outcome(`${name}: reported "${indicator.actual}" against a figure, yet points were cut (${said}); the form does not say what was missed`))];
    case 'reverse-zero-actual':
      return [raise('REVERSE_TARGET_ZERO_ACTUAL', outcome(`${name}: a ceiling with actual 0 (${said}): target/0 is undefined, so the rules give no score`))];
    case 'qualitative-tier':
      if (actual.kind === 'status' && actual.status === 'done' && printed.lt(weight.times(TIER_ACHIEVED))) {
        return [raise('DONE_BELOW_ACHIEVED_TIER', outcome(`${name}: reported "${indicator.actual}" but scored below the achieved tier's 80% (${said})`, weight.times(TIER_ACHIEVED).toString()))];
      }
      return [];
    default:
      return [];
  }
}
