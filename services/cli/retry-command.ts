import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import type { Store } from '../store/store.ts';
import type { CliIo } from './run-summary.ts';
import { listUnfinished, requeueStuck } from '../queue/stuck-documents.ts';

/**
 * `jixiao retry`: queues failed documents again from the start (reset, in a new run), and unfinished ones
 * that lost their job. `stuckOnly` leaves failed ones alone: what workers also do by themselves (their
 * periodic sweep), which must not loop over bad PDFs.
 */
export async function retryCommand(config: Config, store: Store, io: CliIo, stuckOnly = false): Promise<number> {
  const queues = await openQueues(config, 'producer');
  try {
    const failed = stuckOnly ? [] : await store.listDocuments({ status: 'failed' });
    for (const doc of failed) {
      const run = await store.resetDocument(doc.id);
      await queues.clearJobs(doc.id, doc.run);
      await queues.enqueue('extract', doc.id, run);
    }
    const retried = new Set(failed.map((d) => d.id));
    const stuck = await requeueStuck((await listUnfinished(store)).filter((d) => !retried.has(d.id)), queues);
    io.stdout(`queued again: ${failed.length} failed, ${stuck.length} unfinished without a job\n`);
    return 0;
  } finally {
    await queues.shutdown();
  }
}
