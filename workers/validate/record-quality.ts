import type { Finding, FormRecord, RecordQuality } from '../../schemas/index.ts';
import { isEmptyMark } from '../values.ts';
import { findTotalRow, fundsField, indicatorField, isTargetForm } from './record-fields.ts';

/** OCR confidence under which a value is counted as doubtful (PP-OCR and Tesseract both score clean cells above 0.9). */
const LOW_CONFIDENCE = 0.8;
/** Each recorded problem (a repair, a lost cell) costs this share; many small doubts add up. */
const PROBLEM_FACTOR = 0.99;
/** A check that could not run halves its weight: the value may be fine, but nothing vouches for it. */
const SKIPPED_CHECK_COST = 0.5;

/**
 * The extraction's certainty for one record: OCR confidence of its values, the number cells that a form
 * of its type must print but came out empty or unreadable, the checks that could not run and the
 * problems recorded. Independent of whether the form's own arithmetic holds.
 */
export function assessQuality(record: FormRecord, findings: readonly Finding[]): RecordQuality {
  const ocr = Object.values(record.provenance).filter((p) => p.source === 'ocr');
  const meanConfidence = ocr.length ? ocr.reduce((s, p) => s + p.confidence, 0) / ocr.length : null;
  const lowConfidence = ocr.filter((p) => p.confidence < LOW_CONFIDENCE).length;

  const cells = expectedCells(record).map(({ field, value }) => {
    const printed = record.printed[field];
    const state = value !== null ? 'read' : printed !== undefined && !isEmptyMark(printed) ? 'unreadable' : 'missing';
    return state;
  });
  const missing = cells.filter((c) => c === 'missing').length;
  const unreadable = cells.filter((c) => c === 'unreadable').length;

  const checks = findings.filter((f) => f.kind === 'check');
  const skipped = checks.filter((f) => f.status === 'skipped').length;
  const run = checks.length - skipped;

  const factors: { factor: number; reason: string }[] = [];
  if (cells.length && missing + unreadable) {
    factors.push({ factor: 1 - (missing + unreadable) / cells.length, reason: `${missing + unreadable} of ${cells.length} number cells empty or unreadable` });
  }
  if (meanConfidence !== null && meanConfidence < 1) {
    factors.push({ factor: meanConfidence, reason: `${ocr.length} values read by OCR, mean confidence ${meanConfidence.toFixed(3)}, ${lowConfidence} under ${LOW_CONFIDENCE}` });
  }
  if (skipped) factors.push({ factor: 1 - (SKIPPED_CHECK_COST * skipped) / checks.length, reason: `${skipped} of ${checks.length} checks could not run` });
  if (record.problems.length) factors.push({ factor: PROBLEM_FACTOR ** record.problems.length, reason: `${record.problems.length} extraction problems recorded` });

  const score = factors.reduce((s, f) => s * f.factor, 1);
  return {
    score,
    level: score >= 0.95 ? 'high' : score >= 0.8 ? 'medium' : 'low',
    ocr: { values: ocr.length, meanConfidence, lowConfidence },
    cells: { expected: cells.length, missing, unreadable },
    checks: { run, skipped },
    problems: record.problems.length,
    reasons: factors.sort((a, b) => a.factor - b.factor).map((f) => f.reason),
  };
}

type Cell = { field: string; value: number | null };

/**
 * The number cells every form of the type prints: the total funds row (budget; execution, rate and score
 * on self-evaluations), 分值 (and 得分) of every indicator row that is not a `/` row, and 总分.
 */
function expectedCells(record: FormRecord): Cell[] {
  const target = isTargetForm(record);
  const cells: Cell[] = [];
  const total = findTotalRow(record);
  if (total) {
    const keys = target ? (['annualBudget'] as const) : (['annualBudget', 'executed', 'executionRate', 'score'] as const);
    for (const key of keys) cells.push({ field: fundsField(total.index, key), value: total.row[key] });
  }
  record.indicators.forEach((indicator, index) => {
    if (isEmptyMark(indicator.name) && isEmptyMark(indicator.target)) return;
    cells.push({ field: indicatorField(index, 'weight'), value: indicator.weight });
    if (!target) cells.push({ field: indicatorField(index, 'score'), value: indicator.score });
  });
  if (!target && record.formType === 'project_self_evaluation') cells.push({ field: 'totalScore', value: record.totalScore });
  return cells;
}
