import type { Finding, FormRecord, ValidatedRecord } from '../../schemas/index.ts';
import { crossDocumentFlags } from './flags/cross-document.ts';
import { crossFormFlags } from './flags/cross-form.ts';

/**
 * The flags that compare forms with each other (within a department and year, and target forms against
 * self-evaluations), keyed by position in `forms`, in that order; forms with none are absent. Every comparison stays within a
 * fiscal year, so a year's forms can be reviewed apart from the others.
 */
export function reviewFlags(forms: readonly FormRecord[]): Map<number, Finding[]> {
  const crossForm = crossFormFlags(forms);
  const crossDocument = crossDocumentFlags(forms);
  const out = new Map<number, Finding[]>();
  for (const i of [...new Set([...crossForm.keys(), ...crossDocument.keys()])].sort((a, b) => a - b)) out.set(i, [...(crossForm.get(i) ?? []), ...(crossDocument.get(i) ?? [])]);
  return out;
}

/**
 * The review flags added to the records they concern. Run on whatever set is read (an export, a report, a
 * validated file), so they always see every form in store and never go stale when a later document arrives;
 * per-record findings are computed once, at the validate stage.
 */
export function reviewRecords(records: readonly ValidatedRecord[]): ValidatedRecord[] {
  const added = reviewFlags(records.map((v) => v.record));
  return records.map((v, i) => {
    const more = added.get(i);
    return more ? { ...v, findings: [...v.findings, ...more] } : v;
  });
}
