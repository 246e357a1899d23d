import type { Store } from '../store/store.ts';

/**
 * Results worked out over the whole store (findings across forms and documents, reports), kept until the store
 * changes: the comparisons that need every form of a year run once per change, not once per request. A few
 * selections are kept, the least recently used dropped.
 */
export function versionedCache<T>(store: Store, size = 16) {
  const entries = new Map<string, { version: string; value: Promise<T> }>();
  return async (key: string, compute: () => Promise<T>): Promise<T> => {
    const version = await store.changeStamp();
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
