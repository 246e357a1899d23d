import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText, isBlankText, isNumberOnly } from '../compact-text.ts';
import { evidenceFor } from '../finding.ts';
import { indicatorField } from '../record-fields.ts';
import { raise } from './flag-codes.ts';

/** Two rows may share a cause; three or more with one text is a paste (seed 003: 4 forms, 3 rows each). */
const MIN_REPEATS = 3;

/** One finding per reason text found on ≥3 rows, with every row's cell. */
export function flagReasonRepeated(record: FormRecord): Finding[] {
  const byText = new Map<string, number[]>();
  record.indicators.forEach(({ deviationReason }, index) => {
    if (isBlankText(deviationReason) || isNumberOnly(deviationReason)) return;
    const key = compactText(deviationReason);
    byText.set(key, [...(byText.get(key) ?? []), index]);
  });
  return [...byText.values()]
    .filter((rows) => rows.length >= MIN_REPEATS)
    .map((rows) => {
      const text = record.indicators[rows[0] ?? 0]?.deviationReason ?? '';
      const where = rows.map((index) => index + 1).join(', ');
      return raise('REASON_REPEATED', {
        message: `the same deviation reason "${text}" is given on ${rows.length} rows (indicators ${where})`,
        expected: 'a reason specific to each row',
        printed: text,
        evidence: rows.map((index) => evidenceFor(record, indicatorField(index, 'deviationReason'), record.indicators[index]?.deviationReason ?? null)),
      });
    });
}
