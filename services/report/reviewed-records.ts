import type { ValidatedRecord } from '../../schemas/index.ts';
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
