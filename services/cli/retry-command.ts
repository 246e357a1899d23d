import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import type { Store } from '../store/store.ts';
import { RESUME } from './intake.ts';
import type { CliIo } from './run-summary.ts';
import { findStuck } from './stuck-documents.ts';

/**
 * `jixiao retry`: queues failed documents again from the start, and unfinished ones that lost their job.
 * `stuckOnly` leaves failed ones alone: the periodic sweep of the scheduler role must not loop over bad PDFs.
 */
export async function retryCommand(config: Config, store: Store, io: CliIo, stuckOnly = false): Promise<number> {
  const queues = await openQueues(config, 'producer');
  try {
    const documents = await store.listDocuments();
    const failed = stuckOnly ? [] : documents.filter((d) => d.status === 'failed');
    for (const doc of failed) {
      await queues.clearJobs(doc.id);
      await queues.enqueue('extract', doc.id);
    }
    const stuck = await findStuck(documents, queues);
    for (const doc of stuck) await queues.enqueue(RESUME[doc.status]!, doc.id);
    io.stdout(`queued again: ${failed.length} failed, ${stuck.length} unfinished without a job\n`);
    return 0;
  } finally {
    await queues.shutdown();
  }
}
