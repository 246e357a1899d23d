import type { Evidence, Finding, FormRecord } from '../../schemas/index.ts';
import { formatDecimal, isWithin, sumDecimals, toDecimal } from './decimal.ts';
import { evidenceFor, failed, missingReason, notApplicable, passed, printedText, skipped } from './finding.ts';
import { findTotalRow, fundsField, indicatorField, indicatorName, isTargetForm, usedIndicators } from './record-fields.ts';
import { SCORE_CAP_TOLERANCE, SCORE_TOLERANCE } from './tolerances.ts';

const NO_SCORES = 'target forms print no scores';

/** I3 总分 = 执行率得分 + Σ indicator 得分. */
export function checkTotalScore(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [notApplicable('I3', NO_SCORES)];
  const totalEvidence = evidenceFor(record, 'totalScore', record.totalScore);
  if (record.totalScore === null) return [skipped('I3', missingReason(record, 'totalScore', '总分'), [totalEvidence])];
  const funds = findTotalRow(record);
  if (!funds) return [skipped('I3', 'no 年度资金总额 row, so no 执行率得分', [totalEvidence])];
  const executionField = fundsField(funds.index, 'score');
  const executionScore = funds.row.score;
  if (executionScore === null) return [skipped('I3', missingReason(record, executionField, '执行率得分'), [totalEvidence])];
  const rows = usedIndicators(record);
  const unscored = rows.find(({ indicator }) => indicator.score === null);
  if (unscored) {
    const reason = missingReason(record, indicatorField(unscored.index, 'score'), `得分 of ${indicatorName(unscored)}`);
    return [skipped('I3', reason, [totalEvidence])];
  }
  const scores = rows.map(({ indicator }) => toDecimal(indicator.score ?? 0));
  const indicatorSum = sumDecimals(scores);
  const sum = indicatorSum.plus(toDecimal(executionScore));
  const printed = toDecimal(record.totalScore);
  const evidence = [
    totalEvidence,
    evidenceFor(record, executionField, executionScore),
    ...rows.map(({ indicator, index }) => evidenceFor(record, indicatorField(index, 'score'), indicator.score)),
  ];
  const numbers = `总分 ${printed} vs 执行率得分 ${executionScore} + Σ ${rows.length} indicator scores ${formatDecimal(indicatorSum)} = ${formatDecimal(sum)}`;
  const outcome = { expected: sum.toString(), printed: printedText(record, 'totalScore', record.totalScore), evidence };
  return isWithin(printed, sum, SCORE_TOLERANCE)
    ? [passed('I3', { ...outcome, message: numbers })]
    : [failed('I3', { ...outcome, message: `${numbers}, off by more than 0.5` })];
}

type CappedRow = { name: string; weightField: string; scoreField: string; weight: number | null; score: number | null };

function cappedRows(record: FormRecord): CappedRow[] {
  const funds = findTotalRow(record);
  const fundsRows: CappedRow[] = funds
    ? [{
        name: funds.row.label,
        weightField: fundsField(funds.index, 'weight'),
        scoreField: fundsField(funds.index, 'score'),
        weight: funds.row.weight,
        score: funds.row.score,
      }]
    : [];
  const indicatorRows = usedIndicators(record).map((used) => ({
    name: indicatorName(used),
    weightField: indicatorField(used.index, 'weight'),
    scoreField: indicatorField(used.index, 'score'),
    weight: used.indicator.weight,
    score: used.indicator.score,
  }));
  return [...fundsRows, ...indicatorRows];
}

/** I6 得分 ≤ 分值 on every indicator row and on the funds total row: one failure per offending row. */
export function checkScoreCaps(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [notApplicable('I6', NO_SCORES)];
  const rows = cappedRows(record);
  const comparable = rows.filter((row) => row.weight !== null && row.score !== null);
  if (comparable.length === 0) return [skipped('I6', 'no row prints both 分值 and 得分')];
  const failures = comparable.flatMap((row): Finding[] => {
    const weight = toDecimal(row.weight ?? 0);
    const score = toDecimal(row.score ?? 0);
    if (score.lte(weight.plus(SCORE_CAP_TOLERANCE))) return [];
    const evidence: Evidence[] = [
      evidenceFor(record, row.scoreField, row.score),
      evidenceFor(record, row.weightField, row.weight),
    ];
    const message = `${row.name}: 得分 ${score} exceeds 分值 ${weight}`;
    return [failed('I6', { message, expected: `≤ ${weight}`, printed: printedText(record, row.scoreField, row.score), evidence })];
  });
  if (failures.length > 0) return failures;
  const incomplete = rows.length - comparable.length;
  const note = incomplete > 0 ? `; ${incomplete} row(s) lack 分值 or 得分 and were not compared` : '';
  return [passed('I6', { message: `得分 ≤ 分值 on all ${comparable.length} rows${note}` })];
}
