import type { ValidatedRecord } from '../../schemas/index.ts';
import { crossDocumentFlags } from './flags/cross-document.ts';
import { crossFormFlags } from './flags/cross-form.ts';

/**
 * The flags that compare forms with each other (within a department and year, and target forms against
 * self-evaluations), added to the records they concern. Run on whatever set is read (an export, a
 * report, a validated file), so they always see every form in store and never go stale when a later
 * document arrives; per-record findings are computed once, at the validate stage.
 */
export function reviewRecords(records: readonly ValidatedRecord[]): ValidatedRecord[] {
  const forms = records.map((v) => v.record);
  const crossForm = crossFormFlags(forms);
  const crossDocument = crossDocumentFlags(forms);
  return records.map((v, i) => {
    const added = [...(crossForm.get(i) ?? []), ...(crossDocument.get(i) ?? [])];
    return added.length ? { ...v, findings: [...v.findings, ...added] } : v;
  });
}
