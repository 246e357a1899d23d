import type { StageName } from '../../schemas/index.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import { startWorkers } from '../../workers/run-queued.ts';
import type { Log } from '../../workers/stage.ts';
import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import { onShutdown } from '../shutdown.ts';
import { openStore } from '../store/open-store.ts';

export type WorkerCommandOptions = { stages: StageName[]; concurrency: number; attempts: number; graceMs: number };

/**
 * `jixiao worker`: BullMQ workers for the chosen stages, until SIGTERM/SIGINT. On a signal the workers stop
 * taking jobs and finish the current ones; after `graceMs` the rest are handed back (their locks lapse and
 * another worker takes them over). Extraction runs in worker threads, so the event loop keeps renewing locks.
 */
export async function workerCommand(options: WorkerCommandOptions, config: Config, log: Log): Promise<number> {
  const queues = await openQueues(config, 'worker', (message) => log.warn({}, message));
  const store = await openStore(config);
  const pool = createExtractPool({ size: options.concurrency, ocrEngine: config.JIXIAO_OCR_ENGINE });
  const workers = startWorkers({ store, log, extractPdf: pool.extract }, queues, queues.options, {
    stages: options.stages, concurrency: options.concurrency, attempts: options.attempts, lockMs: config.JIXIAO_LOCK_MS,
  });
  log.info({ stages: options.stages, concurrency: options.concurrency, pid: process.pid }, 'worker ready');
  await new Promise<void>((resolve) => {
    onShutdown(log, async () => {
      const finished = Promise.all(workers.map((w) => w.close()));
      const grace = new Promise<'late'>((r) => setTimeout(() => r('late'), options.graceMs).unref());
      if ((await Promise.race([finished, grace])) === 'late') {
        log.warn({ graceMs: options.graceMs }, 'jobs still running: handing them back');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await Promise.all([pool.close(), queues.shutdown(), store.close()]);
      resolve();
    });
  });
  return 0;
}
