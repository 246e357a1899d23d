import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { DocumentId, StageName } from '../schemas/index.ts';
import { errorMessage, isPermanent } from './errors.ts';
import { nextStage, stages } from './pipeline.ts';
import { runStep } from './run-step.ts';
import type { StageDeps } from './stage.ts';

/** All a job carries: the document's id. Bytes and results stay in the store. */
export const StepJob = z.object({ documentId: DocumentId });
export type StepJob = z.infer<typeof StepJob>;

export type QueueOptions = { connection: ConnectionOptions; prefix: string; attempts?: number; backoffMs?: number };

/** BullMQ ids must not contain ':'; this one is unique per document and stage, so a document is queued once per stage. */
export const jobId = (id: DocumentId, stage: StageName): string => `${id}-${stage}`;

export type StageQueues = {
  queues: Record<StageName, Queue<StepJob>>;
  enqueue: (stage: StageName, id: DocumentId) => Promise<void>;
  /** Removes the document's finished or failed jobs, so the same job ids can be queued again; live jobs stay. */
  clearJobs: (id: DocumentId) => Promise<void>;
  close: () => Promise<void>;
};

/** One queue per stage. Completed jobs are removed so that a document can be deliberately run again. */
export function createQueues({ connection, prefix, attempts = 3, backoffMs = 2_000 }: QueueOptions): StageQueues {
  const defaultJobOptions: JobsOptions = {
    attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: false,
  };
  const queues = Object.fromEntries(
    StageName.options.map((name) => [name, new Queue<StepJob>(name, { connection, prefix, defaultJobOptions })]),
  ) as Record<StageName, Queue<StepJob>>;
  return {
    queues,
    enqueue: async (stage, id) => {
      await queues[stage].add(stage, { documentId: id }, { jobId: jobId(id, stage) });
    },
    clearJobs: async (id) => {
      for (const stage of StageName.options) {
        const job = await queues[stage].getJob(jobId(id, stage));
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
  attempts: number;
  /** How long a job's lock lives without renewal before another worker may take the job over. @default 30000 */
  lockMs?: number;
};

/**
 * BullMQ workers that run `runStep` for their stage and queue the next stage: the same step the in-process
 * runner runs. Bad input fails at once (UnrecoverableError); the last failure is written to the document.
 */
export function startWorkers(deps: StageDeps, queues: StageQueues, queue: QueueOptions, options: WorkerOptions): Worker<StepJob>[] {
  const lockDuration = options.lockMs ?? 30_000;
  return options.stages.map((name) => {
    const stage = stages[name];
    const worker = new Worker<StepJob>(name, async (job: Job<StepJob>) => {
      const { documentId } = StepJob.parse(job.data);
      try {
        await runStep(stage, documentId, deps);
      } catch (error) {
        const final = isPermanent(error) || job.attemptsMade + 1 >= options.attempts;
        if (final) await recordFailure(deps, documentId, name, errorMessage(error), job.attemptsMade + 1);
        throw isPermanent(error) ? new UnrecoverableError(errorMessage(error)) : error;
      }
      const next = nextStage(name);
      if (next) await queues.enqueue(next.name, documentId);
    }, {
      connection: queue.connection, prefix: queue.prefix, concurrency: options.concurrency,
      lockDuration, stalledInterval: lockDuration, maxStalledCount: 2,
    });
    // A job given up by the stalled-job checker (its worker died twice) never reaches the catch above.
    worker.on('failed', (job, error) => {
      if (job && /stalled/i.test(error.message)) {
        void recordFailure(deps, job.data.documentId, name, error.message, job.attemptsMade).catch(() => undefined);
      }
    });
    worker.on('error', (error) => deps.log.error({ stage: name, error: error.message }, 'worker error'));
    return worker;
  });
}

async function recordFailure(deps: StageDeps, id: DocumentId, stage: StageName, message: string, attempts: number): Promise<void> {
  deps.log.warn({ documentId: id, stage, attempts, error: message }, 'document failed');
  await deps.store.setStatus(id, 'failed', { error: `${stage}: ${message}` });
}
