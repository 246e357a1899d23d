import { createHash } from 'node:crypto';
import type { Store } from '../store/store.ts';

/** What the store holds, in a few bytes: changes whenever a document is added, moves on or is run again. */
export async function storeVersion(store: Store): Promise<string> {
  const hash = createHash('sha256');
  for (const d of await store.listDocuments()) hash.update(`${d.id}:${d.status}:${d.run}:${d.updatedAt};`);
  return hash.digest('hex');
}

/**
 * Results worked out over the whole store (findings across forms and documents, reports), kept until the store
 * changes: the comparisons that need every form of a year run once per change, not once per request. A few
 * selections are kept, the least recently used dropped.
 */
export function versionedCache<T>(store: Store, size = 16) {
  const entries = new Map<string, { version: string; value: Promise<T> }>();
  return async (key: string, compute: () => Promise<T>): Promise<T> => {
    const version = await storeVersion(store);
    const hit = entries.get(key);
    if (hit && hit.version === version) {
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    entries.set(key, { version, value });
    value.catch(() => entries.delete(key));
    while (entries.size > size) entries.delete(entries.keys().next().value!);
    return value;
  };
}
