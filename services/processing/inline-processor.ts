import type { DocumentId, StageName } from '../../schemas/index.ts';
import { createExtractPool, type ExtractPoolOptions } from '../../workers/extract/extract-pool.ts';
import { runInline } from '../../workers/run-inline.ts';
import type { Log } from '../../workers/stage.ts';
import type { Store } from '../store/store.ts';
import type { DocumentProcessor } from './processor.ts';

/**
 * The embedded server's processor: uploads go through every stage in this process, in the order they came, a few
 * at a time, with the same extraction processes and limits as `jixiao ingest`. A failure is recorded on its
 * document and never stops the server.
 */
export function createInlineProcessor(store: Store, log: Log, options: { concurrency?: number; pool?: ExtractPoolOptions } = {}): DocumentProcessor {
  const concurrency = options.concurrency ?? 2;
  const pool = createExtractPool({ ...options.pool, size: Math.max(concurrency, options.pool?.size ?? 1) });
  const waiting: [DocumentId, StageName][] = [];
  let running = 0;
  let closing = false;
  const idle: (() => void)[] = [];

  const pump = (): void => {
    while (!closing && running < concurrency && waiting.length) {
      const [id, from] = waiting.shift()!;
      running++;
      void runInline([id], { store, log, extractPdf: pool.extract }, { concurrency: 1, startAt: () => from })
        .catch((error: unknown) => log.error({ documentId: id, error: String(error) }, 'document run failed'))
        .finally(() => {
          running--;
          if (!running && !waiting.length) idle.splice(0).forEach((resolve) => resolve());
          pump();
        });
    }
  };

  return {
    submit: async (work) => {
      for (const [id, from] of work) if (!waiting.some(([w]) => w === id)) waiting.push([id, from]);
      pump();
    },
    pending: () => running + waiting.length,
    close: async () => {
      closing = true;
      waiting.length = 0;
      if (running) await new Promise<void>((resolve) => idle.push(resolve));
      await pool.close();
    },
  };
}
