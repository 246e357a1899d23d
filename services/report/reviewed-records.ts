import type { DocumentId, Finding, FormRecord, ValidatedRecord } from '../../schemas/index.ts';
import { reviewFlags } from '../../workers/validate/review-records.ts';
import type { RecordFilter, Store } from '../store/store.ts';

/** The forms of one fiscal year (null: forms printing none) that flags comparing forms concern, keyed by `formKey`. */
export type ReviewFlagsOf = (fiscalYear: number | null) => Promise<Map<string, { record: FormRecord; findings: Finding[] }>>;

/** A stored form's key: its document and its position there. */
export const formKey = (record: FormRecord): string => `${record.source.documentId}#${record.source.ordinal}`;

/** Reviews every stored form of the year asked for (the forms alone are read, not their findings). */
export function reviewFlagsOf(store: Store): ReviewFlagsOf {
  return async (fiscalYear) => {
    const forms = await store.listForms({ fiscalYear });
    return new Map([...reviewFlags(forms)].map(([i, findings]) => [formKey(forms[i]!), { record: forms[i]!, findings }]));
  };
}

/**
 * Stored records with the flags that compare forms added. The comparison sees every stored form of the records'
 * years, whatever the selection, so narrowing an export to a department or a document never hides a duplicate
 * declaration whose twin sits under a differently printed department name or in another file. `flagsOf` lets a
 * long-running server keep a year's review until the store changes.
 */
export async function reviewedRecords(store: Store, filter: RecordFilter = {}, flagsOf: ReviewFlagsOf = reviewFlagsOf(store)): Promise<ValidatedRecord[]> {
  return withReviewFlags(await store.listRecords(filter), flagsOf);
}

/** The records of some documents with the flags that compare forms: an ingest's `--out` without loading the whole store. */
export async function reviewedDocuments(store: Store, ids: readonly DocumentId[]): Promise<ValidatedRecord[]> {
  const own = (await Promise.all(ids.map((documentId) => store.listRecords({ documentId })))).flat();
  return withReviewFlags(own, reviewFlagsOf(store));
}

/** Records with the flags comparing forms of their years added. */
export async function withReviewFlags(records: ValidatedRecord[], flagsOf: ReviewFlagsOf): Promise<ValidatedRecord[]> {
  const years = [...new Set(records.map((v) => v.record.fiscalYear))];
  const flags = new Map((await Promise.all(years.map(flagsOf))).flatMap((m) => [...m]));
  return records.map((v) => {
    const more = flags.get(formKey(v.record));
    return more ? { ...v, findings: [...v.findings, ...more.findings] } : v;
  });
}
