import { z } from 'zod';
import type { Finding, FormRecord } from '../../schemas/index.ts';
import { Decimal, formatDecimal, isWithin, sumDecimals, toDecimal } from './decimal.ts';
import { evidenceFor, failed, missingReason, notApplicable, passed, printedText, skipped } from './finding.ts';
import {
  findTotalRow,
  fundsField,
  indicatorField,
  indicatorName,
  isTargetForm,
  sameLevel1,
  type IndexedIndicator,
  usedIndicators,
} from './record-fields.ts';
import { SCORE_TOLERANCE, SELF_EVALUATION_TOTAL_WEIGHT, TARGET_TOTAL_WEIGHT } from './tolerances.ts';

const weightEvidence = (record: FormRecord, rows: IndexedIndicator[]) =>
  rows.map(({ indicator, index }) => evidenceFor(record, indicatorField(index, 'weight'), indicator.weight));

function unweighted(record: FormRecord, code: string, rows: IndexedIndicator[]): Finding | null {
  const row = rows.find(({ indicator }) => indicator.weight === null);
  if (!row) return null;
  return skipped(code, missingReason(record, indicatorField(row.index, 'weight'), `分值 of ${indicatorName(row)}`));
}

const sumWeights = (rows: IndexedIndicator[]): Decimal =>
  sumDecimals(rows.map(({ indicator }) => toDecimal(indicator.weight ?? 0)));

/**
 * I4 Σ 分值 = 100: indicator weights plus the execution block's 10; target forms reserve those 10 for after
 * the year, so their indicators add up to 90. A printed 总分 分值 must equal the sum as well.
 */
export function checkTotalWeight(record: FormRecord): Finding[] {
  const target = isTargetForm(record);
  const expected = target ? TARGET_TOTAL_WEIGHT : SELF_EVALUATION_TOTAL_WEIGHT;
  // Some templates have no 分值 column at all (Shanghai's 目标填报表, Beijing's 预算12/13表): nothing to add up.
  if (record.indicators.length > 0 && record.indicators.every((i) => i.weight === null) && record.totalWeight === null) {
    return [notApplicable('I4', 'the form prints no 分值 for its indicators')];
  }
  const rows = usedIndicators(record);
  const missing = unweighted(record, 'I4', rows);
  if (missing) return [missing];
  const funds = target ? null : findTotalRow(record);
  if (!target && (funds === null || funds.row.weight === null)) {
    const field = funds ? fundsField(funds.index, 'weight') : 'funds';
    return [skipped('I4', missingReason(record, field, '分值 of 年度资金总额'))];
  }
  const fundsWeight = funds?.row.weight ?? null;
  const indicatorSum = sumWeights(rows);
  const sum = fundsWeight === null ? indicatorSum : indicatorSum.plus(toDecimal(fundsWeight));
  const totalWeight = record.totalWeight === null ? null : toDecimal(record.totalWeight);
  const evidence = [
    ...(funds && fundsWeight !== null ? [evidenceFor(record, fundsField(funds.index, 'weight'), fundsWeight)] : []),
    ...weightEvidence(record, rows),
    ...(totalWeight ? [evidenceFor(record, 'totalWeight', record.totalWeight)] : []),
  ];
  const parts = fundsWeight === null ? '' : `分值 ${fundsWeight} of 年度资金总额 + `;
  const printedTotal = totalWeight ? `; 总分 分值 printed ${printedText(record, 'totalWeight', record.totalWeight)}` : '';
  const terms = `${parts}${rows.length} indicator weights ${formatDecimal(indicatorSum)}`;
  const numbers = `Σ 分值 = ${terms} = ${formatDecimal(sum)}, expected ${expected}${printedTotal}`;
  const ok = isWithin(sum, expected, SCORE_TOLERANCE) && (!totalWeight || isWithin(sum, totalWeight, SCORE_TOLERANCE));
  const outcome = { message: numbers, expected: expected.toString(), printed: sum.toString(), evidence };
  return [ok ? passed('I4', outcome) : failed('I4', outcome)];
}

/** Written by the normalizer from headings such as `产出指标 (50 分)` (T2). */
const Level1Weights = z.record(z.string(), z.number());

function checkLevel1(record: FormRecord, level1: string, heading: number): Finding {
  const rows = usedIndicators(record).filter(({ indicator }) => sameLevel1(indicator.level1, level1));
  const missing = unweighted(record, 'I5', rows);
  if (missing) return missing;
  const sum = sumWeights(rows);
  const expected = toDecimal(heading);
  const headingCell = rows[0] ? [evidenceFor(record, indicatorField(rows[0].index, 'level1'), rows[0].indicator.level1)] : [];
  const outcome = { expected: expected.toString(), printed: sum.toString(), evidence: [...headingCell, ...weightEvidence(record, rows)] };
  if (rows.length === 0) {
    return failed('I5', { ...outcome, message: `${level1}: heading says ${heading} 分 but no indicator row is under it` });
  }
  const message = `${level1}: Σ 分值 of ${rows.length} rows = ${formatDecimal(sum)} vs ${heading} 分 in the heading`;
  return isWithin(sum, expected, SCORE_TOLERANCE) ? passed('I5', { ...outcome, message }) : failed('I5', { ...outcome, message });
}

/** I5 Σ 分值 within a 一级 = the weight printed in its heading; one finding per heading. */
export function checkLevel1Weights(record: FormRecord): Finding[] {
  const parsed = Level1Weights.safeParse(record.extra['level1Weights']);
  if (!parsed.success || Object.keys(parsed.data).length === 0) {
    return [notApplicable('I5', 'the form prints no weight in its 一级 headings (extra.level1Weights)')];
  }
  return Object.entries(parsed.data).map(([level1, heading]) => checkLevel1(record, level1, heading));
}
