import type { DocumentId } from '../../schemas/index.ts';
import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import type { Store } from '../store/store.ts';
import { intake } from './intake.ts';
import { exportDocuments, printSummary, type CliIo } from './run-summary.ts';
import { createProgress } from './progress.ts';

export type SubmitOptions = { paths: string[]; force: boolean; wait: boolean; out?: string; pollMs?: number };

/**
 * `jixiao submit`: stores the files in the shared database and queues each document at the stage it needs.
 * With `--wait`, follows the documents until each is validated or failed and prints the summary.
 */
export async function submitCommand(options: SubmitOptions, config: Config, store: Store, io: CliIo): Promise<number> {
  const queues = await openQueues(config, 'producer');
  try {
    const { entries, startAt } = await intake(options.paths, store, options.force);
    for (const [id, stage] of startAt) {
      // Intake started a new run for a forced or failed document: its jobs get new ids, so a job of the previous
      // run still active cannot swallow them, and that job, once done, can no longer move the document.
      const run = (await store.getDocument(id))?.run ?? 0;
      if (run > 0) await queues.clearJobs(id, run - 1);
      await queues.enqueue(stage, id, run);
    }
    io.stderr(`${startAt.size} documents queued, ${entries.length - startAt.size} not (already done or unreadable)\n`);
    if (!options.wait) return entries.some((e) => e.state === 'unreadable') ? 2 : 0;
    await waitForAll(store, [...startAt.keys()], io, options.pollMs ?? 500);
    const failed = await printSummary(store, entries, startAt.size, io);
    if (options.out) await exportDocuments(store, [...new Set(entries.flatMap((e) => (e.id ? [e.id] : [])))], options.out, io);
    return failed ? 2 : 0;
  } finally {
    await queues.shutdown();
  }
}

async function waitForAll(store: Store, ids: DocumentId[], io: CliIo, pollMs: number): Promise<void> {
  const progress = createProgress(ids.length, io.tty, io.stderr);
  const pending = new Set(ids);
  while (pending.size) {
    for (const id of [...pending]) {
      const info = await store.getDocument(id);
      if (info?.status !== 'validated' && info?.status !== 'failed') continue;
      pending.delete(id);
      const ok = info.status === 'validated';
      progress.done({ id, file: info.fileName, ok, pages: info.pageCount ?? 0, forms: 0, flags: 0, detail: ok ? `${info.pageCount ?? 0} pages` : info.error ?? 'failed' });
    }
    if (pending.size) await new Promise((r) => setTimeout(r, pollMs));
  }
  progress.finish();
}
