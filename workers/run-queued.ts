import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { DocumentId, StageName, type DocumentInfo } from '../schemas/index.ts';
import { errorMessage, isFinal } from './errors.ts';
import { nextStage, stages, statusAfter } from './pipeline.ts';
import { runStep } from './run-step.ts';
import type { StageDeps } from './stage.ts';

/**
 * All a job carries: the document's id, and the run it belongs to (`DocumentInfo.run`; jobs queued before
 * runs existed belong to run 0). Bytes and results stay in the store.
 */
export const StepJob = z.object({ documentId: DocumentId, run: z.int().nonnegative().default(0) });
export type StepJob = z.infer<typeof StepJob>;

export type QueueOptions = { connection: ConnectionOptions; prefix: string; attempts?: number; backoffMs?: number };

/**
 * BullMQ ids must not contain ':'. Unique per document, stage and run: a document is queued once per stage,
 * and a deliberate re-run gets new ids, so a job of the previous run still active cannot swallow it.
 */
export const jobId = (id: DocumentId, stage: StageName, run = 0): string => (run === 0 ? `${id}-${stage}` : `${id}-${stage}-r${run}`);

export type StageQueues = {
  queues: Record<StageName, Queue<StepJob>>;
  enqueue: (stage: StageName, id: DocumentId, run?: number) => Promise<void>;
  /** Removes the document's finished or failed jobs of that run, so they no longer show in counts; live jobs stay. */
  clearJobs: (id: DocumentId, run?: number) => Promise<void>;
  close: () => Promise<void>;
};

/**
 * One queue per stage. Completed jobs are removed so that a document can be deliberately run again.
 * `attempts` is what the jobs queued here get; the worker that runs a job goes by the job's own count.
 */
export function createQueues({ connection, prefix, attempts = 3, backoffMs = 2_000 }: QueueOptions): StageQueues {
  const defaultJobOptions: JobsOptions = {
    attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: false,
  };
  const queues = Object.fromEntries(
    StageName.options.map((name) => [name, new Queue<StepJob>(name, { connection, prefix, defaultJobOptions })]),
  ) as Record<StageName, Queue<StepJob>>;
  return {
    queues,
    enqueue: async (stage, id, run = 0) => {
      await queues[stage].add(stage, { documentId: id, run }, { jobId: jobId(id, stage, run) });
    },
    clearJobs: async (id, run = 0) => {
      for (const stage of StageName.options) {
        const job = await queues[stage].getJob(jobId(id, stage, run));
        if (job && !(await job.isActive())) await job.remove();
      }
    },
    close: async () => {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

export type WorkerOptions = {
  stages: StageName[];
  concurrency: number;
  /** How long a job's lock lives without renewal before another worker may take the job over. @default 30000 */
  lockMs?: number;
  /**
   * Deadline of normalize and validate, which run on this thread and so block the lock's renewal while they
   * compute: keep it below `lockMs`, or a long step is taken over and runs twice. Extraction runs in child processes
   * with limits of its own. @default none
   */
  stepTimeoutMs?: number;
};

/**
 * BullMQ workers that run `runStep` for their stage and queue the next stage: the same step the in-process
 * runner runs. Bad input fails at once (UnrecoverableError); the last failure is written to the document.
 * A job whose document has moved on (a newer run, already past this stage, failed) does nothing.
 */
export function startWorkers(deps: StageDeps, queues: StageQueues, queue: QueueOptions, options: WorkerOptions): Worker<StepJob>[] {
  const lockDuration = options.lockMs ?? 30_000;
  return options.stages.map((name) => {
    const stage = stages[name];
    const worker = new Worker<StepJob>(name, async (job: Job<StepJob>) => {
      const { documentId, run } = StepJob.parse(job.data);
      const stale = staleBecause(await deps.store.getDocument(documentId), name, run);
      if (stale) {
        deps.log.info({ documentId, stage: name, run, reason: stale }, 'stale job: nothing to do');
        return;
      }
      // The job's own count, as its producer queued it: a worker started with another default must still
      // record the last failure, or the document would stay unfinished with nothing queued.
      const attempts = job.opts.attempts ?? 1;
      let applied: boolean;
      try {
        applied = await runStep(stage, documentId, deps, { run, timeoutMs: name === 'extract' ? undefined : options.stepTimeoutMs });
      } catch (error) {
        const final = isFinal(error, job.attemptsMade + 1, attempts);
        if (final && !(await recordFailure(deps, documentId, name, errorMessage(error), job.attemptsMade + 1, run))) {
          deps.log.info({ documentId, stage: name, run }, 'stale job failed: the document has moved on');
          return;
        }
        // Final before the job's attempts are used up (bad input, a second time-out): BullMQ must not try again.
        throw final ? new UnrecoverableError(errorMessage(error)) : error;
      }
      if (!applied) {
        deps.log.info({ documentId, stage: name, run }, 'stale job: the document moved on while it ran');
        return;
      }
      const next = nextStage(name);
      if (next) await queues.enqueue(next.name, documentId, run);
    }, {
      connection: queue.connection, prefix: queue.prefix, concurrency: options.concurrency,
      lockDuration, stalledInterval: lockDuration, maxStalledCount: 2,
      // Stored on each job it takes (`processedBy`): which machine and process holds an active job.
      name: `${hostname()}:${process.pid}`,
    });
    // A job given up by the stalled-job checker (its worker died twice) never reaches the catch above.
    worker.on('failed', (job, error) => {
      const data = StepJob.safeParse(job?.data);
      if (job && data.success && /stalled/i.test(error.message)) {
        void recordFailure(deps, data.data.documentId, name, error.message, job.attemptsMade, data.data.run).catch(() => undefined);
      }
    });
    worker.on('error', (error) => deps.log.error({ stage: name, error: error.message }, 'worker error'));
    return worker;
  });
}

const ORDER = ['received', 'extracted', 'normalized', 'validated'] as const;

/** Why a job need not run: its document is gone, in another run, failed, or already past the job's stage. */
function staleBecause(doc: DocumentInfo | null, stage: StageName, run: number): string | null {
  if (!doc) return 'no such document';
  if (doc.run !== run) return `the document is in run ${doc.run}, the job in run ${run}`;
  if (doc.status === 'failed') return 'the document has failed';
  if (ORDER.indexOf(doc.status) > ORDER.indexOf(statusAfter[stage])) return `the document is already ${doc.status}`;
  return null;
}

/** Writes the failure on the document; false when the document has moved on and the failure is stale. */
async function recordFailure(deps: StageDeps, id: DocumentId, stage: StageName, message: string, attempts: number, run: number): Promise<boolean> {
  const recorded = await deps.store.setStatus(id, 'failed', { error: `${stage}: ${message}` }, run);
  if (recorded) deps.log.warn({ documentId: id, stage, attempts, error: message }, 'document failed');
  return recorded;
}
