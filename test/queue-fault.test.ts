import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentId } from '../schemas/index.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { createQueues, type StageQueues } from '../workers/run-queued.ts';
import { freePort, ROOT, startRedis, stopProcess, until } from './fixtures/processes.ts';
import { expectedRecords, readSample, SAMPLES, samplePdfs } from './fixtures/samples.ts';
import { ON_CI, PG_URL, probePostgres, scratchName } from './fixtures/services.ts';

const MAIN = path.join(ROOT, 'dist', 'services', 'cli', 'main.js');
const down = await probePostgres();
const DOCUMENTS = 100;
const HEALED = 12;
/** How often the test's workers look for documents whose job was lost (a minute by default). */
const SWEEP_MS = 3_000;
/**
 * The real disclosures, a few pages each. Not the 40-page renderings: with the test's 2 s lock, workers hold
 * normalize to 1.6 s, which a loaded machine could take on 40 pages.
 */
const samples = samplePdfs().filter((name) => name.startsWith('real-'));

/** The processes whose parent is `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).flatMap((e) => {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(e)] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

const alive = (pid: number): boolean => {
  try {
    // A zombie (ended, not yet reaped) counts as ended.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe.skipIf(down !== null && !ON_CI)(`worker processes under faults${down ? ` (skipped: ${down})` : ''}`, () => {
  const schema = scratchName('fault');
  const prefix = scratchName('f');
  const dir = mkdtempSync(path.join(tmpdir(), 'jixiao-fault-'));
  let port: number;
  let redisServer: ChildProcess;
  let redis: Redis;
  let admin: Sql;
  let sql: Sql;
  let store: Store;
  let queues: StageQueues;
  const workers: ChildProcess[] = [];
  const logs: string[][] = [];

  const env = (): NodeJS.ProcessEnv => ({
    ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, JIXIAO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info',
    DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
    // A killed worker's job is taken over once its lock lapses: keep that short for the test.
    JIXIAO_LOCK_MS: '2000',
    JIXIAO_SWEEP_MS: String(SWEEP_MS),
  });
  const startWorker = (): ChildProcess => {
    const log: string[] = [];
    logs.push(log);
    const child = spawn(process.execPath, [MAIN, 'worker', '--concurrency', '1', '--grace-seconds', '5'], {
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
    port = await freePort();
    redisServer = startRedis(port, dir);
    redis = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: null });
    redis.on('error', () => {}); // refused connections while the test restarts Redis are expected
    await until('redis', async () => (await redis.ping().catch(() => '')) === 'PONG', 10_000);
    admin = await openPostgres(PG_URL, { max: 1 });
    await admin.exec(`create schema ${schema}`);
    sql = await openPostgres(PG_URL, { schema, max: 4 });
    await migrate(sql);
    store = createSqlStore(sql);
    queues = createQueues({ connection: redis, prefix });
    // Their connection is refused while the test restarts Redis: expected, not worth a stack trace each.
    for (const queue of Object.values(queues.queues)) queue.on('error', () => undefined);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await queues?.close();
    redis?.disconnect();
    if (redisServer) await stopProcess(redisServer, 'SIGKILL');
    await sql?.close();
    await admin?.exec(`drop schema if exists ${schema} cascade`);
    await admin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every document exactly once through a SIGKILLed worker and a Redis restart; the poisoned one fails with its reason', async () => {
    const base = readSample('t4-001-part1-digital.pdf');
    const ids: DocumentId[] = [];
    for (let i = 0; i < DOCUMENTS; i++) {
      // Trailing bytes after %%EOF change the hash, not the content: a hundred distinct documents.
      const bytes = new Uint8Array([...base, ...new TextEncoder().encode(`\n% copy ${i}\n`)]);
      ids.push((await store.putDocument({ fileName: `copy-${i}.pdf`, bytes })).info.id);
    }
    const poisoned = (await store.putDocument({ fileName: 'poisoned.pdf', bytes: base.subarray(0, 40_000) })).info.id;
    for (const id of [...ids, poisoned]) await queues.enqueue('extract', id);
    for (let i = 0; i < 3; i++) startWorker();
    // The real samples as a user submits them: through the CLI, stored and queued in one go.
    const submitted = spawnSync(process.execPath, [MAIN, 'submit', ...samples.map((name) => path.join(SAMPLES, name))], { env: env(), encoding: 'utf8' });
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(submitted.stderr).toContain(`${samples.length} documents queued`);

    const count = async (status: string) => (await store.listDocuments({ status: status as never })).length;
    await until('15 documents validated', async () => (await count('validated')) >= 15, 60_000);
    // Killed in the middle of a job: one it holds, with the work (and the extraction process under it) half done.
    const victim = workers[0]!;
    const holds = async () => (await Promise.all(Object.values(queues.queues).map((q) => q.getJobs(['active']))))
      .flat().filter((job) => job.processedBy?.endsWith(`:${victim.pid}`));
    await until('the first worker to hold a job', async () => (await holds()).length > 0, 30_000, 20);
    const held = (await holds()).map((job) => job.data.documentId);
    const children = childPids(victim.pid!);
    await stopProcess(victim, 'SIGKILL');
    // Its extraction processes notice the broken channel and end: nothing is left computing for nobody.
    await until('the killed worker\'s children to end', async () => children.every((pid) => !alive(pid)), 10_000);

    await until('40 documents validated', async () => (await count('validated')) >= 40, 90_000);
    await stopProcess(redisServer, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    redisServer = startRedis(port, dir);

    const total = DOCUMENTS + 1 + samples.length;
    await until('every document final', async () => (await count('validated')) + (await count('failed')) === total, 150_000, 500);
    const documents = await store.listDocuments();
    expect(documents).toHaveLength(total);
    const sampleIds = new Map(documents.filter((d) => samples.includes(d.fileName)).map((d) => [d.fileName, d.id]));
    expect(documents.filter((d) => d.status === 'validated').map((d) => d.id).sort()).toEqual([...ids, ...sampleIds.values()].sort());
    // What the killed worker held was taken over and finished.
    for (const id of held) expect(documents.find((d) => d.id === id)?.status).toBe(id === poisoned ? 'failed' : 'validated');
    const failed = documents.find((d) => d.id === poisoned)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^extract: .*(damaged|not a readable PDF)/);
    // Each form stored exactly once: as many records per document as it has forms, no (document, ordinal) twice.
    const records = await store.listRecords();
    const expected = DOCUMENTS * 4 + samples.reduce((n, name) => n + expectedRecords(name).length, 0);
    expect(records).toHaveLength(expected);
    const keys = new Set(records.map((r) => `${r.record.source.documentId}#${r.record.source.ordinal}`));
    expect(keys.size).toBe(expected);
    for (const [name, id] of sampleIds) expect(records.filter((r) => r.record.source.documentId === id), name).toHaveLength(expectedRecords(name).length);
    expect(victim.signalCode).toBe('SIGKILL');
  }, 300_000);

  it('heals by itself when Redis loses its data mid-run: every document validated, no `retry` typed', async () => {
    const base = readSample('t4-001-part1-digital.pdf');
    const ids: DocumentId[] = [];
    for (let i = 0; i < HEALED; i++) {
      const bytes = new Uint8Array([...base, ...new TextEncoder().encode(`\n% healed ${i}\n`)]);
      ids.push((await store.putDocument({ fileName: `healed-${i}.pdf`, bytes })).info.id);
    }
    for (const id of ids) await queues.enqueue('extract', id);
    // The workers the test above left running, or new ones when it runs alone.
    for (let live = workers.filter((w) => w.exitCode === null && w.signalCode === null).length; live < 2; live++) startWorker();
    const validated = async () => (await Promise.all(ids.map((id) => store.getDocument(id)))).filter((d) => d?.status === 'validated').length;
    await until('a few documents validated', async () => (await validated()) >= 3, 60_000, 100);
    // Every queue, job, lock and the sweep's own lock gone at once, as after a restart without persistence.
    const logged = logs.map((l) => l.length);
    expect(await redis.flushall()).toBe('OK');
    const flushed = Date.now();
    expect(await validated()).toBeLessThan(HEALED);
    await until('every document validated', async () => (await validated()) === HEALED, 60_000, 250);
    const recoveryMs = Date.now() - flushed;
    console.info(`after FLUSHALL, the last of ${HEALED} documents was validated in ${(recoveryMs / 1000).toFixed(1)} s (sweep every ${SWEEP_MS / 1000} s)`);
    // Jobs run twice around the flush (the sweep re-queued what was active) still stored each form once.
    for (const id of ids) expect(await store.listRecords({ documentId: id })).toHaveLength(4);
    const since = logs.map((l, i) => l.slice(logged[i]).join('')).join('');
    expect(since).toMatch(/queued again: unfinished documents whose job was lost/);
  }, 120_000);
});
