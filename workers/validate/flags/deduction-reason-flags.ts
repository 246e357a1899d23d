import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { isBlankText, isNumberOnly } from '../compact-text.ts';
import { evidenceFor } from '../finding.ts';
import { indicatorField, indicatorName, isTargetForm, usedIndicators } from '../record-fields.ts';
import { raise } from './flag-codes.ts';
import { hasFullMarks, pointsLost } from './indicator-kinds.ts';

/** A reason a reviewer can read: not blank, not `/`, not a stray number (seed 004 form 26's `5`). */
const givesReason = (text: string | null): boolean => !isBlankText(text) && !isNumberOnly(text);

/**
 * Points lost with no reason on the row and none at form level (偏差大或目标未完成原因分析). One code, per row:
 * a form-level analysis counts as the reason for every row, since T2 forms explain there and leave the
 * row column blank (seed 004: 148 rows lack a row reason, but only 22 forms lack both).
 */
export function flagDeductionWithoutReason(record: FormRecord): Finding[] {
  if (isTargetForm(record) || givesReason(record.notes.deviationAnalysis)) return [];
  return usedIndicators(record).flatMap((row) => {
    const { indicator, index } = row;
    const lost = pointsLost(indicator);
    if (lost === null || lost.lte(0) || givesReason(indicator.deviationReason)) return [];
    return [
      raise('DEDUCTION_WITHOUT_REASON', {
        message: `${indicatorName(row)}: scored ${indicator.score} of ${indicator.weight} (${lost} lost) with no 偏差原因 on the row and no form-level deviation analysis`,
        expected: 'a reason for the lost points',
        printed: indicator.deviationReason,
        evidence: [
          evidenceFor(record, indicatorField(index, 'score'), indicator.score),
          evidenceFor(record, indicatorField(index, 'weight'), indicator.weight),
          evidenceFor(record, indicatorField(index, 'deviationReason'), indicator.deviationReason),
          evidenceFor(record, 'notes.deviationAnalysis', record.notes.deviationAnalysis),
        ],
      }),
    ];
  });
}

/** A deviation reason on a full-marks row: harmless alone, but often a reason pasted on the wrong row. */
export function flagReasonAtFullMarks(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [];
  return usedIndicators(record)
    .filter(({ indicator }) => hasFullMarks(indicator) && givesReason(indicator.deviationReason))
    .map((row) => {
      const { indicator, index } = row;
      return raise('REASON_AT_FULL_MARKS', {
        message: `${indicatorName(row)}: full marks (${indicator.score} of ${indicator.weight}) yet a deviation reason is given: "${indicator.deviationReason}"`,
        printed: indicator.deviationReason,
        evidence: [
          evidenceFor(record, indicatorField(index, 'deviationReason'), indicator.deviationReason),
          evidenceFor(record, indicatorField(index, 'score'), indicator.score),
          evidenceFor(record, indicatorField(index, 'weight'), indicator.weight),
        ],
      });
    });
}
