import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
import { readSample } from './fixtures/samples.ts';
import { ON_CI, PG_URL, probePostgres, scratchName } from './fixtures/services.ts';

const MAIN = path.join(ROOT, 'dist', 'services', 'cli', 'main.js');
const down = await probePostgres();
const DOCUMENTS = 100;

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

  const startWorker = (): ChildProcess => {
    const log: string[] = [];
    logs.push(log);
    const child = spawn(process.execPath, [MAIN, 'worker', '--concurrency', '1', '--grace-seconds', '5'], {
      env: {
        ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, JIXIAO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info',
        DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
        // A killed worker's job is taken over once its lock lapses: keep that short for the test.
        JIXIAO_LOCK_MS: '2000',
      },
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

    const count = async (status: string) => (await store.listDocuments({ status: status as never })).length;
    await until('15 documents validated', async () => (await count('validated')) >= 15, 60_000);
    await stopProcess(workers[0]!, 'SIGKILL');

    await until('40 documents validated', async () => (await count('validated')) >= 40, 90_000);
    await stopProcess(redisServer, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    redisServer = startRedis(port, dir);

    await until('every document final', async () => (await count('validated')) + (await count('failed')) === DOCUMENTS + 1, 150_000, 500);
    const documents = await store.listDocuments();
    expect(documents).toHaveLength(DOCUMENTS + 1);
    expect(documents.filter((d) => d.status === 'validated').map((d) => d.id).sort()).toEqual([...ids].sort());
    const failed = documents.find((d) => d.id === poisoned)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^extract: .*(damaged|not a readable PDF)/);
    const records = await store.listRecords();
    expect(records).toHaveLength(DOCUMENTS * 4);
    const keys = new Set(records.map((r) => `${r.record.source.documentId}#${r.record.source.ordinal}`));
    expect(keys.size).toBe(DOCUMENTS * 4);
    expect(workers[0]!.signalCode).toBe('SIGKILL');
  }, 300_000);
});
