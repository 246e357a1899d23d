import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { hasDigit } from '../compact-text.ts';
import { evidenceFor } from '../finding.ts';
import { indicatorField, indicatorName, isTargetForm, usedIndicators } from '../record-fields.ts';
import { raise } from './flag-codes.ts';
import { isSatisfaction } from './indicator-kinds.ts';

/**
 * A 满意度 row whose actual has no figure: no survey result behind the score (seed 004: every form says
 * `已完成`). One finding per row, since each row is its own unmeasured score. Target forms have no actuals.
 */
export function flagSatisfactionNotMeasured(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [];
  return usedIndicators(record)
    .filter(({ indicator }) => isSatisfaction(indicator) && !hasDigit(indicator.actual))
    .map((row) => {
      const { indicator, index } = row;
      const actual = indicator.actual === null || indicator.actual.trim() === '' ? 'blank' : `"${indicator.actual}"`;
      const score = indicator.score === null ? '' : `, scored ${indicator.score} of ${indicator.weight ?? '?'}`;
      return raise('SATISFACTION_NOT_MEASURED', {
        message: `${indicatorName(row)}: target ${indicator.target ?? '(none)'}, actual ${actual} gives no survey figure${score}`,
        expected: 'a measured share, e.g. 96%',
        printed: indicator.actual,
        evidence: [
          evidenceFor(record, indicatorField(index, 'actual'), indicator.actual),
          evidenceFor(record, indicatorField(index, 'target'), indicator.target),
          evidenceFor(record, indicatorField(index, 'score'), indicator.score),
        ],
      });
    });
}
