import type { DocumentId, ValidatedRecord } from '../../schemas/index.ts';
import { reviewRecords } from '../../workers/validate/review-records.ts';
import type { RecordFilter, Store } from '../store/store.ts';

/**
 * Stored records with the flags that compare forms added. The comparison sees every form of the year
 * (a department filter is applied after it), so narrowing an export never hides a duplicate declaration
 * whose twin sits under a differently printed department name.
 */
export async function reviewedRecords(store: Store, filter: RecordFilter = {}): Promise<ValidatedRecord[]> {
  const reviewed = reviewRecords(await store.listRecords({ documentId: filter.documentId, fiscalYear: filter.fiscalYear }));
  return filter.department === undefined ? reviewed : reviewed.filter((v) => v.record.department === filter.department);
}

/**
 * The records of some documents with the flags that compare forms, compared against every stored form of
 * their fiscal years (forms that print no year only against each other): an ingest's `--out` without
 * loading the whole store.
 */
export async function reviewedDocuments(store: Store, ids: readonly DocumentId[]): Promise<ValidatedRecord[]> {
  const own = (await Promise.all(ids.map((documentId) => store.listRecords({ documentId })))).flat();
  const years = [...new Set(own.flatMap((v) => (v.record.fiscalYear === null ? [] : [v.record.fiscalYear])))];
  const sameYears = (await Promise.all(years.map((fiscalYear) => store.listRecords({ fiscalYear })))).flat();
  const reviewed = reviewRecords([...sameYears, ...own.filter((v) => v.record.fiscalYear === null)]);
  const key = (v: ValidatedRecord) => `${v.record.source.documentId}#${v.record.source.ordinal}`;
  const byKey = new Map(reviewed.map((v) => [key(v), v]));
  return own.map((v) => byKey.get(key(v)) ?? v);
}
