import type { DocumentInfo } from '../../schemas/index.ts';
import { jobId, type StageQueues } from '../../workers/run-queued.ts';
import type { Store } from '../store/store.ts';
import { RESUME } from '../../workers/resume-stage.ts';

/**
 * Unfinished documents that no queue holds a live job for (in their current run): what a lost Redis (no
 * AOF, FLUSHALL) or a crash between storing and queueing leaves behind.
 */
export async function findStuck(documents: DocumentInfo[], queues: StageQueues): Promise<DocumentInfo[]> {
  const unfinished = documents.filter((d) => d.status !== 'validated' && d.status !== 'failed');
  const stuck: DocumentInfo[] = [];
  for (const doc of unfinished) {
    const stage = RESUME[doc.status]!;
    const job = await queues.queues[stage].getJob(jobId(doc.id, stage, doc.run));
    const state = job ? await job.getState() : 'missing';
    if (state === 'missing' || state === 'unknown' || state === 'completed') stuck.push(doc);
  }
  return stuck;
}

/** The unfinished documents, without reading every finished one. */
export async function listUnfinished(store: Pick<Store, 'listDocuments'>): Promise<DocumentInfo[]> {
  const lists = await Promise.all((['received', 'extracted', 'normalized'] as const).map((status) => store.listDocuments({ status })));
  return lists.flat();
}

/**
 * Queues every stuck document again at the stage it needs, in its run. Every step is idempotent and job ids
 * are per document, stage and run, so a document queued twice (by two sweeps, or a sweep and a submit) runs once.
 */
export async function requeueStuck(documents: DocumentInfo[], queues: StageQueues): Promise<DocumentInfo[]> {
  const stuck = await findStuck(documents, queues);
  for (const doc of stuck) await queues.enqueue(RESUME[doc.status]!, doc.id, doc.run);
  return stuck;
}
