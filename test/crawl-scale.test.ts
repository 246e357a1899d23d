import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { QueueEvents, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlSource, type CrawlReport, type DocumentId } from '../schemas/index.ts';
import { crawlQueue, scheduleSources, startCrawlWorker } from '../services/crawl/crawl-queue.ts';
import { hostLocks } from '../services/crawl/host-lock.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPglite } from '../services/store/pglite.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { startPortal, type Portal } from './fixtures/portal.ts';
import { MAIN } from './fixtures/run-cli.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';
import { ON_CI, PG_URL, probePostgres, probeRedis, REDIS_URL, scratchName } from './fixtures/services.ts';

const down = (await probeRedis()) ?? (await probePostgres());
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const scratch = scratchDirs('jixiao-crawl-scale-');

// On CI the services must be there: a missing one fails these tests rather than skipping them.
describe.skipIf(down !== null && !ON_CI)(`crawls at scale${down ? ` (skipped: ${down})` : ''}`, () => {
  const prefix = scratchName('crawl');
  let redis: Redis, portal: Portal, store: Store;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    portal = await startPortal({ slowMs: 400, hugeBytes: 3 * 1048576 });
    const sql = await openPglite('memory://');
    await migrate(sql);
    store = createSqlStore(sql);
  }, 60_000);
  afterAll(async () => {
    await crawlQueue(redis, prefix).obliterate({ force: true }).catch(() => undefined);
    await portal?.close();
    await store?.close();
    redis?.disconnect();
  });

  it('lets one holder at a time have a host, and all of a source\'s hosts or none', async () => {
    const locks = hostLocks(redis, prefix, 5_000);
    const first = await locks.acquire(['portal.example:80', 'files.example:80']);
    expect(first).not.toBeNull();
    expect(await locks.acquire(['files.example:80'])).toBeNull();
    const other = await locks.acquire(['elsewhere.example:80']);
    expect(other).not.toBeNull();
    // One of two hosts taken: the other is not kept either.
    expect(await locks.acquire(['elsewhere.example:80', 'free.example:80'])).toBeNull();
    const free = await locks.acquire(['free.example:80']);
    expect(free).not.toBeNull();
    await Promise.all([first!.release(), other!.release(), free!.release()]);
    expect(await locks.acquire(['files.example:80'])).not.toBeNull();
  });

  it('keeps one scheduler per scheduled source, and drops those of sources no longer listed', async () => {
    const queue = crawlQueue(redis, prefix);
    const source = (name: string, cron?: string) => CrawlSource.parse({ name, startUrls: [`${portal.base}/list.html`], ...(cron ? { schedule: { cron } } : {}) });
    expect(await scheduleSources(queue, [source('a', '0 2 * * *'), source('b', '30 3 * * 1'), source('c')])).toEqual(['crawl-a', 'crawl-b']);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([['crawl-a', '0 2 * * *', 'Asia/Shanghai'], ['crawl-b', '30 3 * * 1', 'Asia/Shanghai']]);
    await scheduleSources(queue, [source('b', '30 3 * * 1')]);
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['crawl-b']);
    await scheduleSources(queue, []);
    await queue.close();
  });

  it('never crawls one host from two jobs at once', async () => {
    const sources = ['one', 'two'].map((name) => CrawlSource.parse({
      name, startUrls: [`${portal.base}/sub/more.html`], maxDepth: 0, delaySeconds: 0.2, timeoutSeconds: 2, allowPrivate: ['127.0.0.1'],
    }));
    const submitted: DocumentId[] = [];
    const processor = { submit: async (work: ReadonlyMap<DocumentId, unknown>) => void submitted.push(...work.keys()), pending: () => 0, close: async () => undefined };
    const workers: Worker[] = [1, 2].map(() => startCrawlWorker({ store, processor, sources, userAgent: 'jixiao/test (+https://example.org)', log: silent, redis, prefix, retryMs: 200 }));
    const queue = crawlQueue(redis, prefix);
    const events = new QueueEvents('crawl', { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
    const jobs = await Promise.all(sources.map((s) => queue.add('crawl', { source: s.name })));
    const results = await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 60_000))) as { report: string }[];
    const reports = (await store.listCrawlReports({ limit: 10 })).filter((r) => results.some((x) => x.report === r.id));
    expect(reports).toHaveLength(2);
    const [a, b] = [...reports].sort((x, y) => x.startedAt.localeCompare(y.startedAt)) as [CrawlReport, CrawlReport];
    // The second crawl of the host began after the first had ended.
    expect(Date.parse(b.startedAt)).toBeGreaterThanOrEqual(Date.parse(a.finishedAt));
    expect(a.documents.new + b.documents.new).toBeGreaterThan(0);
    await Promise.all(workers.map((w) => w.close()));
    await events.close();
    await queue.close();
  }, 90_000);
});

describe.skipIf(down !== null && !ON_CI)(`jixiao worker --sources${down ? ` (skipped: ${down})` : ''}`, () => {
  const prefix = scratchName('crawlw');
  const schema = scratchName('crawlw');
  let admin: Sql, redis: Redis, child: ChildProcess | undefined;

  beforeAll(async () => {
    admin = await openPostgres(PG_URL, { max: 1 });
    await admin.exec(`create schema ${schema}`);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await crawlQueue(redis, prefix).obliterate({ force: true }).catch(() => undefined);
    redis?.disconnect();
    await admin?.exec(`drop schema if exists ${schema} cascade`);
    await admin?.close();
  });

  it('upserts a scheduler for each scheduled source when it starts', async () => {
    const file = path.join(scratch(), 'jixiao.sources.yaml');
    writeFileSync(file, [
      'contact: https://example.org/jixiao-operator',
      'sources:',
      '  - name: county-a',
      '    startUrls: [https://county-a.example.gov.cn/zwgk/yjs/]',
      '    schedule: { cron: "0 2 * * *" }',
      '  - name: county-b',
      '    startUrls: [https://county-b.example.gov.cn/czyjs/]',
      '    schedule: { cron: "15 3 * * *", tz: Asia/Shanghai }',
      '',
    ].join('\n'));
    const log: string[] = [];
    child = spawn(process.execPath, [MAIN, 'worker', '--sources', file, '--grace-seconds', '2'], {
      env: {
        PATH: process.env['PATH'] ?? '', REDIS_URL, JIXIAO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info',
        DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    const queue = crawlQueue(redis, prefix);
    const deadline = Date.now() + 30_000;
    let keys: string[] = [];
    while (Date.now() < deadline && keys.length < 2) {
      keys = (await queue.getJobSchedulers()).map((s) => s.key).sort();
      if (keys.length < 2) await new Promise((r) => setTimeout(r, 200));
    }
    expect(keys, log.join('')).toEqual(['crawl-county-a', 'crawl-county-b']);
    while (Date.now() < deadline && !log.join('').includes('worker ready')) await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await queue.close();
  }, 60_000);
});
