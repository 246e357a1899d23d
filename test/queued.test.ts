import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentId } from '../schemas/index.ts';
import { submitCommand } from '../services/cli/submit-command.ts';
import { loadConfig } from '../services/config.ts';
import { toContractRecord } from '../services/export/contract-record.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { createExtractPool, type ExtractPool } from '../workers/extract/extract-pool.ts';
import { runInline } from '../workers/run-inline.ts';
import { createQueues, startWorkers, type StageQueues } from '../workers/run-queued.ts';
import type { PdfExtractor, StageDeps } from '../workers/stage.ts';
import { capture } from './fixtures/cli-io.ts';
import { until } from './fixtures/processes.ts';
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
  /** Documents whose bytes can never be read (a transient error every time). */
  const alwaysFailing = new Set<DocumentId>();
  /** Documents whose next read of bytes waits for the promise: an extract job held active. */
  const held = new Map<DocumentId, Promise<void>>();
  const extractions = new Map<DocumentId, number>();
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
    const readBytes = async (id: DocumentId) => (flaky.failuresLeft-- > 0 ? Promise.reject(new Error('connection reset')) : queued.readBytes(id));
    const store: Store = {
      ...queued,
      readBytes: async (id) => {
        if (alwaysFailing.has(id)) throw new Error('connection reset');
        const hold = held.get(id);
        held.delete(id);
        await hold;
        return readBytes(id);
      },
    };
    const extractPdf: PdfExtractor = (id, ...rest) => {
      extractions.set(id, (extractions.get(id) ?? 0) + 1);
      return pool.extract(id, ...rest);
    };
    const deps: StageDeps = { store, log: silent, extractPdf };
    workers = startWorkers(deps, queues, { connection: redis, prefix }, { stages: ['extract', 'normalize', 'validate'], concurrency: 2 });
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
    // Ids only: the document and the run it is in, never bytes or results.
    for (const job of jobs) expect(Object.keys(job.data).sort()).toEqual(['documentId', 'run']);
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
    expect((await queued.getDocument(info.id))?.error).toMatch(/^extract: a web page without a table/);
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

  it('records the last failure by the attempts the job was queued with, not the worker\'s own default', async () => {
    const { info } = await queued.putDocument({ fileName: 'unreadable.pdf', bytes: copyOf('t4-001-part1-digital.pdf', 'always failing') });
    alwaysFailing.add(info.id);
    // A producer queueing with fewer tries than the workers' queues (3): the job's 2 must decide.
    const producer = createQueues({ connection: redis, prefix, attempts: 2, backoffMs: 50 });
    try {
      await producer.enqueue('extract', info.id);
      await settle(queued, [info.id]);
    } finally {
      await producer.close();
    }
    expect(await queued.getDocument(info.id)).toMatchObject({ status: 'failed', error: 'extract: connection reset' });
    const job = await queues.queues.extract.getJob(`${info.id}-extract`);
    expect(job?.attemptsMade).toBe(2);
    expect(await job?.isFailed()).toBe(true);
  }, 30_000);

  it('runs a document again on submit --force while its job is active; the stale job leaves nothing behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jixiao-force-'));
    const file = path.join(dir, 'forced.pdf');
    writeFileSync(file, copyOf('t4-001-part1-digital.pdf', 'forced re-run'));
    const config = loadConfig({ REDIS_URL, DATABASE_URL: PG_URL, JIXIAO_QUEUE_PREFIX: prefix });
    const io = capture();
    try {
      const { info } = await queued.putDocument({ fileName: 'forced.pdf', bytes: new Uint8Array(readFileSync(file)) });
      let release!: () => void;
      held.set(info.id, new Promise<void>((resolve) => (release = resolve)));
      await queues.enqueue('extract', info.id);
      const first = (await queues.queues.extract.getJob(`${info.id}-extract`))!;
      await until('the first extract job active', async () => (await first.getState()) === 'active', 10_000, 50);

      expect(await submitCommand({ paths: [file], force: true, wait: false }, config, queued, io)).toBe(0);
      await settle(queued, [info.id]);
      expect(await queued.getDocument(info.id)).toMatchObject({ status: 'validated', run: 1 });

      // The run-0 job now finishes: its extraction is stale and must neither move the document back nor queue more.
      release();
      await until('the stale job done', async () => (await queues.queues.extract.getJob(`${info.id}-extract`)) === undefined, 20_000, 100);
      await new Promise((r) => setTimeout(r, 500));
      expect(extractions.get(info.id)).toBe(2);
      expect(await queued.getDocument(info.id)).toMatchObject({ status: 'validated', run: 1, error: null });
      expect(await queues.queues.normalize.getJob(`${info.id}-normalize`)).toBeUndefined();
      expect(await queued.listRecords({ documentId: info.id })).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** A sample with bytes after %%EOF: another document (another hash), the same content. */
function copyOf(name: string, label: string): Uint8Array {
  return new Uint8Array([...readSample(name), ...new TextEncoder().encode(`\n% ${label}\n`)]);
}

