import path from 'node:path';
import { createExtractPool, type ExtractPoolOptions } from '../../workers/extract/extract-pool.ts';
import { runInline } from '../../workers/run-inline.ts';
import type { Log } from '../../workers/stage.ts';
import type { Store } from '../store/store.ts';
import { intake } from './intake.ts';
import { createProgress } from './progress.ts';
import { documentCounts, exportDocuments, printSummary, type CliIo } from './run-summary.ts';

export type { CliIo };
export type IngestOptions = {
  paths: string[]; out?: string; concurrency: number; force: boolean;
  /** The extract pool's engine and limits (its size is `concurrency`). @default the pool's defaults */
  pool?: ExtractPoolOptions;
};

/**
 * `jixiao ingest`: stores every file, runs the pipeline in this process on those not yet done, prints a
 * summary and optionally exports the run's records. Returns the exit code: 0, or 2 when a document failed.
 */
export async function ingest(options: IngestOptions, store: Store, log: Log, io: CliIo): Promise<number> {
  const { entries, startAt } = await intake(options.paths, store, options.force);
  const ids = [...startAt.keys()];
  const progress = createProgress(ids.length, io.tty, io.stderr);
  const pool = createExtractPool({ ...options.pool, size: Math.max(options.concurrency, options.pool?.size ?? 1) });
  const names = new Map(entries.filter((e) => e.id).map((e) => [e.id!, path.basename(e.file)]));
  try {
    await runInline(ids, { store, log, extractPdf: pool.extract, onPage: progress.page }, {
      concurrency: options.concurrency,
      startAt: (id) => startAt.get(id)!,
      onDone: async (outcome) => {
        const counts = await documentCounts(store, outcome.id);
        progress.done({ id: outcome.id, file: names.get(outcome.id) ?? outcome.id, ok: outcome.ok, ...counts,
          detail: outcome.ok
            ? `${counts.pages} pages${counts.pagesFailed ? ` (${counts.pagesFailed} not read)` : ''}, ${counts.forms} forms, ${counts.tables} tables, ${counts.flags} flags`
            : `${outcome.stage}: ${outcome.error}` });
      },
    });
  } finally {
    progress.finish();
    await pool.close();
  }
  // Exit 2 also for a document validated without some of its pages: a script must not take it as complete.
  const failed = await printSummary(store, entries, ids.length, io);
  if (options.out) await exportDocuments(store, [...new Set(entries.flatMap((e) => (e.id ? [e.id] : [])))], options.out, io);
  return failed ? 2 : 0;
}
