import type { DocumentInfo } from '../../schemas/index.ts';
import { jobId, type StageQueues } from '../../workers/run-queued.ts';
import { RESUME } from './intake.ts';

/**
 * Unfinished documents that no queue holds a live job for: what a lost Redis (no AOF) or a crash between
 * storing and queueing leaves behind. `retry` queues them again; every step is idempotent, so that is safe.
 */
export async function findStuck(documents: DocumentInfo[], queues: StageQueues): Promise<DocumentInfo[]> {
  const unfinished = documents.filter((d) => d.status !== 'validated' && d.status !== 'failed');
  const stuck: DocumentInfo[] = [];
  for (const doc of unfinished) {
    const stage = RESUME[doc.status]!;
    const job = await queues.queues[stage].getJob(jobId(doc.id, stage));
    const state = job ? await job.getState() : 'missing';
    if (state === 'missing' || state === 'unknown' || state === 'completed') stuck.push(doc);
  }
  return stuck;
}
