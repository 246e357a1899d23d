import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentId } from '../schemas/index.ts';
import { toContractRecord } from '../services/export/contract-record.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { createExtractPool, type ExtractPool } from '../workers/extract/extract-pool.ts';
import { runInline } from '../workers/run-inline.ts';
import { createQueues, startWorkers, type StageQueues } from '../workers/run-queued.ts';
import type { StageDeps } from '../workers/stage.ts';
import { expectedRecords, readSample, samplePdfs } from './fixtures/samples.ts';
import { ON_CI, PG_URL, probePostgres, probeRedis, REDIS_URL, scratchName } from './fixtures/services.ts';

const down = (await probeRedis()) ?? (await probePostgres());
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('services for the queued runner', () => {
  it.runIf(ON_CI)('are reachable on CI', () => expect(down, 'CI must start Redis and PostgreSQL (.ci/run)').toBeNull());
});

describe.skipIf(down !== null)(`the queued runner on Redis and PostgreSQL${down ? ` (skipped: ${down})` : ''}`, () => {
  const schemas = [scratchName('queued'), scratchName('inline')];
  const prefix = scratchName('q');
  let admin: Sql;
  let sqls: Sql[];
  let queued: Store;
  let inline: Store;
  let redis: Redis;
  let queues: StageQueues;
  let pool: ExtractPool;
  let flaky: { failuresLeft: number };
  let workers: { close: () => Promise<void> }[];

  beforeAll(async () => {
    admin = await openPostgres(PG_URL, { max: 1 });
    for (const s of schemas) await admin.exec(`create schema ${s}`);
    sqls = await Promise.all(schemas.map((schema) => openPostgres(PG_URL, { schema, max: 4 })));
    for (const sql of sqls) await migrate(sql);
    [queued, inline] = sqls.map(createSqlStore) as [Store, Store];
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queues = createQueues({ connection: redis, prefix, backoffMs: 50 });
    pool = createExtractPool({ size: 2 });
    flaky = { failuresLeft: 0 };
    // Reading bytes fails while failuresLeft > 0: a stand-in for a dropped database connection.
    const store: Store = { ...queued, readBytes: async (id) => (flaky.failuresLeft-- > 0 ? Promise.reject(new Error('connection reset')) : queued.readBytes(id)) };
    const deps: StageDeps = { store, log: silent, extractPdf: pool.extract };
    workers = startWorkers(deps, queues, { connection: redis, prefix }, { stages: ['extract', 'normalize', 'validate'], concurrency: 2, attempts: 3 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers?.map((w) => w.close()) ?? []);
    await Promise.all(Object.values(queues?.queues ?? {}).map((q) => q.obliterate({ force: true })));
    await queues?.close();
    redis?.disconnect();
    await pool?.close();
    await Promise.all(sqls?.map((s) => s.close()) ?? []);
    for (const s of schemas) await admin?.exec(`drop schema if exists ${s} cascade`);
    await admin?.close();
  });

  async function settle(store: Store, ids: DocumentId[]): Promise<void> {
    for (let i = 0; i < 600; i++) {
      const docs = await Promise.all(ids.map((id) => store.getDocument(id)));
      if (docs.every((d) => d?.status === 'validated' || d?.status === 'failed')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('documents did not finish in 60 s');
  }

  it('gives the same records as the in-process runner, with only ids on Redis', async () => {
    const ids: DocumentId[] = [];
    for (const name of samplePdfs()) {
      const { info } = await queued.putDocument({ fileName: name, bytes: readSample(name) });
      await inline.putDocument({ fileName: name, bytes: readSample(name) });
      ids.push(info.id);
      await queues.enqueue('extract', info.id);
    }
    const jobs = await queues.queues.extract.getJobs(['waiting', 'active', 'completed', 'delayed']);
    for (const job of jobs) expect(Object.keys(job.data)).toEqual(['documentId']);
    await runInline(ids, { store: inline, log: silent, extractPdf: pool.extract });
    await settle(queued, ids);
    const viaQueue = (await queued.listRecords()).map(toContractRecord);
    const viaInline = (await inline.listRecords()).map(toContractRecord);
    expect(viaQueue.length).toBe(samplePdfs().reduce((n, name) => n + expectedRecords(name).length, 0));
    expect(viaQueue).toEqual(viaInline);
  }, 90_000);

  it('fails bad input at once, with its reason on the document', async () => {
    const { info } = await queued.putDocument({ fileName: 'page.html', bytes: new TextEncoder().encode('<html>moved</html>') });
    await queues.enqueue('extract', info.id);
    await settle(queued, [info.id]);
    expect((await queued.getDocument(info.id))?.error).toMatch(/^extract: not a PDF/);
    const job = await queues.queues.extract.getJob(`${info.id}-extract`);
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.isFailed()).toBe(true);
  }, 30_000);

  it('retries a transient failure with backoff and then completes', async () => {
    const bytes = readSample('t4-001-part1-digital.pdf');
    const copy = new Uint8Array([...bytes, ...new TextEncoder().encode('\n%retry test\n')]);
    const { info } = await queued.putDocument({ fileName: 'retry.pdf', bytes: copy });
    flaky.failuresLeft = 2;
    await queues.enqueue('extract', info.id);
    await settle(queued, [info.id]);
    expect(flaky.failuresLeft).toBeLessThan(0);
    expect((await queued.getDocument(info.id))?.status).toBe('validated');
    expect(await queued.listRecords({ documentId: info.id })).toHaveLength(4);
  }, 30_000);
});
