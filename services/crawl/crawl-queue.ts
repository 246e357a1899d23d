import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { CrawlSource } from '../../schemas/index.ts';
import type { Log } from '../../workers/stage.ts';
import type { DocumentProcessor } from '../processing/processor.ts';
import type { Store } from '../store/store.ts';
import { crawlSource } from './crawl-source.ts';
import { hostLocks } from './host-lock.ts';

export const CRAWL_QUEUE = 'crawl';
const CrawlJob = z.object({ source: z.string() });
type CrawlJob = z.infer<typeof CrawlJob>;

/** A scheduler's id: one per source; the prefix tells crawl schedulers from any other on the queue. */
const SCHEDULER_PREFIX = 'crawl-';
const schedulerId = (source: string) => `${SCHEDULER_PREFIX}${source}`;

export function crawlQueue(connection: Redis, prefix: string): Queue<CrawlJob> {
  return new Queue<CrawlJob>(CRAWL_QUEUE, { connection, prefix, defaultJobOptions: { attempts: 1, removeOnComplete: 200, removeOnFail: 200 } });
}

/**
 * One BullMQ job scheduler per source with a schedule (cron in its time zone; upserted, so every worker may do it
 * at start), and the schedulers of sources no longer in the file removed. Returns the scheduler ids.
 */
export async function scheduleSources(queue: Queue<CrawlJob>, sources: readonly CrawlSource[]): Promise<string[]> {
  const ids: string[] = [];
  for (const source of sources) {
    if (!source.schedule) continue;
    const id = schedulerId(source.name);
    await queue.upsertJobScheduler(id, { pattern: source.schedule.cron, tz: source.schedule.tz }, { name: 'crawl', data: { source: source.name } });
    ids.push(id);
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    const id = scheduler.key;
    if (id.startsWith(SCHEDULER_PREFIX) && !ids.includes(id)) await queue.removeJobScheduler(id);
  }
  return ids;
}

export type CrawlWorkerDeps = {
  store: Store;
  processor: DocumentProcessor;
  sources: readonly CrawlSource[];
  userAgent: string;
  log: Log;
  redis: Redis;
  prefix: string;
  /** How long a crawl whose host another job holds waits before it tries again. @default 30000 */
  retryMs?: number;
};

/**
 * Runs crawl jobs: one source per job, its hosts locked in Redis first, so two workers never crawl one host at
 * once (a job that finds a host taken waits and tries again, without using up an attempt). The documents it
 * stores are queued for the stage workers.
 */
export function startCrawlWorker(deps: CrawlWorkerDeps, concurrency = 1): Worker<CrawlJob> {
  const locks = hostLocks(deps.redis, deps.prefix);
  const byName = new Map(deps.sources.map((s) => [s.name, s]));
  const worker = new Worker<CrawlJob>(CRAWL_QUEUE, async (job: Job<CrawlJob>, token?: string) => {
    const { source: name } = CrawlJob.parse(job.data);
    const source = byName.get(name);
    if (!source) throw new UnrecoverableError(`no source named "${name}" in this worker's sources file`);
    const lock = await locks.acquire(source.startUrls.map((u) => new URL(u).host));
    if (!lock) {
      deps.log.info({ source: name }, 'a host of this source is being crawled by another job: waiting');
      await job.moveToDelayed(Date.now() + (deps.retryMs ?? 30_000), token);
      throw new DelayedError();
    }
    try {
      const report = await crawlSource(source, { store: deps.store, log: deps.log, userAgent: deps.userAgent, submit: deps.processor.submit });
      return { report: report.id, documents: report.documents };
    } finally {
      await lock.release();
    }
  }, {
    connection: deps.redis, prefix: deps.prefix, concurrency,
    // A crawl runs for minutes: its lock is renewed by BullMQ meanwhile; a dead worker's crawl is taken over.
    lockDuration: 60_000, name: `${hostname()}:${process.pid}`,
  });
  worker.on('error', (error) => deps.log.error({ queue: CRAWL_QUEUE, error: error.message }, 'worker error'));
  return worker;
}
