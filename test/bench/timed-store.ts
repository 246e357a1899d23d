import type { ArtifactStore } from '../../workers/stage.ts';

export type TimedStore = { store: ArtifactStore; takeMs: () => number };

/**
 * The store with a stopwatch on every call, so the stage split can say how much of a stage is database
 * work. The sum is only meaningful while one call runs at a time (the split runs documents one by one).
 */
export function timedStore(inner: ArtifactStore): TimedStore {
  let ms = 0;
  const time = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const start = performance.now();
    try {
      return await fn(...args);
    } finally {
      ms += performance.now() - start;
    }
  };
  return {
    store: {
      readBytes: time(inner.readBytes),
      getDocument: time(inner.getDocument),
      readArtifact: time(inner.readArtifact),
      writeArtifact: time(inner.writeArtifact),
      saveRecords: time(inner.saveRecords),
      saveTables: time(inner.saveTables),
      saveDocumentChecks: time(inner.saveDocumentChecks),
      setStatus: time(inner.setStatus),
    },
    takeMs: () => {
      const taken = ms;
      ms = 0;
      return taken;
    },
  };
}
