import type { Queue, Worker } from 'bullmq';
import type { StageName } from '../../schemas/index.ts';
import { crawlQueue, scheduleSources, startCrawlWorker } from '../crawl/crawl-queue.ts';
import { readSourcesFile } from '../crawl/sources-file.ts';
import type { DocumentProcessor } from '../processing/processor.ts';
import { createQueuedProcessor } from '../processing/queued-processor.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import { startWorkers } from '../../workers/run-queued.ts';
import type { Log } from '../../workers/stage.ts';
import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import { startStuckSweep } from '../queue/stuck-sweep.ts';
import { onShutdown } from '../shutdown.ts';
import { openStore } from '../store/open-store.ts';
import { extractOptions } from './extract-options.ts';
import { packageVersion } from './package-version.ts';

export type WorkerCommandOptions = {
  stages: StageName[];
  concurrency: number;
  /** Tries of the jobs this worker queues (each next stage, and documents the sweep queues again). */
  attempts: number;
  graceMs: number;
  /** A sources file: this worker also schedules and runs the crawls it lists. */
  sourcesFile?: string;
};

/**
 * `jixiao worker`: BullMQ workers for the chosen stages, until SIGTERM/SIGINT. On a signal the workers stop
 * taking jobs and finish the current ones; after `graceMs` the rest are handed back (their locks lapse and
 * another worker takes them over). Extraction runs in child processes, so the event loop keeps renewing locks;
 * normalize and validate, which run on this thread, are held to a deadline below the lock.
 * Redis and PostgreSQL must answer at start (else exit 1 within seconds); later Redis outages are waited out.
 * The workers also queue again, on (re)connecting and every JIXIAO_SWEEP_MS, documents whose job was lost.
 */
export async function workerCommand(options: WorkerCommandOptions, config: Config, log: Log): Promise<number> {
  const queues = await openQueues(config, 'worker', { log: (message) => log.warn({}, message), attempts: options.attempts });
  const store = await openStore(config, { command: 'jixiao worker' }).catch(async (error: unknown) => {
    await queues.shutdown();
    throw error;
  });
  const lockMs = config.JIXIAO_LOCK_MS;
  const stepTimeoutMs = Math.min(config.JIXIAO_STEP_TIMEOUT_MS, Math.floor(lockMs * 0.8));
  const pool = createExtractPool(extractOptions(config, options.concurrency));
  const workers = startWorkers({ store, log, extractPdf: pool.extract }, queues, queues.options, {
    stages: options.stages, concurrency: options.concurrency, lockMs, stepTimeoutMs,
  });
  // Crawls: every worker given the sources file upserts the same schedulers (idempotent by id) and runs crawl jobs.
  let crawls: { worker: Worker; queue: Queue; processor: DocumentProcessor } | null = null;
  if (options.sourcesFile) {
    const file = await readSourcesFile(options.sourcesFile);
    const queue = crawlQueue(queues.redis, config.JIXIAO_QUEUE_PREFIX);
    const scheduled = await scheduleSources(queue, file.sources);
    const processor = await createQueuedProcessor(config, store);
    const worker = startCrawlWorker({
      store, processor, sources: file.sources, userAgent: `jixiao/${packageVersion()} (+${file.contact})`, log, redis: queues.redis, prefix: config.JIXIAO_QUEUE_PREFIX,
    });
    crawls = { worker, queue, processor };
    log.info({ sources: file.sources.map((s) => s.name), schedulers: scheduled }, 'crawls scheduled');
  }
  const sweep = startStuckSweep({ store, queues, redis: queues.redis, prefix: config.JIXIAO_QUEUE_PREFIX, intervalMs: config.JIXIAO_SWEEP_MS, log });
  log.info({ stages: options.stages, concurrency: options.concurrency, stepTimeoutMs, sweepMs: config.JIXIAO_SWEEP_MS, pid: process.pid }, 'worker ready');
  await new Promise<void>((resolve) => {
    onShutdown(log, async () => {
      sweep.stop();
      const finished = Promise.all([...workers, ...(crawls ? [crawls.worker] : [])].map((w) => w.close()));
      const grace = new Promise<'late'>((r) => setTimeout(() => r('late'), options.graceMs).unref());
      if ((await Promise.race([finished, grace])) === 'late') {
        log.warn({ graceMs: options.graceMs }, 'jobs still running: handing them back');
        await Promise.all([...workers, ...(crawls ? [crawls.worker] : [])].map((w) => w.close(true)));
      }
      if (crawls) await Promise.all([crawls.queue.close(), crawls.processor.close()]);
      await Promise.all([pool.close(), queues.shutdown(), store.close()]);
      resolve();
    });
  });
  return 0;
}
