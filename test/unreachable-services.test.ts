import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { freePort, ROOT } from './fixtures/processes.ts';
import { runCli, type CliRun } from './fixtures/run-cli.ts';
import { ON_CI, PG_URL, probePostgres, probeRedis, REDIS_URL, scratchName } from './fixtures/services.ts';

const sample = path.join(ROOT, 'samples', 't4-001-part1-digital.pdf');
/** Each queued-mode command, as a user would type it. */
const COMMANDS: [string, string[]][] = [
  ['status', ['status']],
  ['submit', ['submit', sample]],
  ['retry', ['retry']],
  ['worker', ['worker']],
];
/** What "within seconds" means here: a connection attempt is given 4 s (Redis) or 5 s (PostgreSQL). */
const WITHIN_MS = 10_000;

const servicesDown = (await probeRedis()) ?? (await probePostgres());

/** Exit 1 within seconds, the last line of stderr the one message naming what is unreachable, no stack trace. */
function expectClearFailure(run: CliRun, message: RegExp): void {
  expect(run.signal, `still running after 30 s; stderr: ${run.stderr}`).toBeNull();
  expect(run.code, run.stderr).toBe(1);
  expect(run.ms, `${Math.round(run.ms)} ms: ${run.stderr}`).toBeLessThan(WITHIN_MS);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('queued-mode commands when Redis or PostgreSQL cannot be reached', () => {
  let deadPort: number;
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  const pgUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/test`;

  beforeAll(async () => {
    deadPort = await freePort(); // nobody listens there: connections are refused
    // Accepts connections and never answers: a hung server, or a firewall that lets the handshake through.
    silent = createServer((socket) => void sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('fail at once, naming the service they reach for first, when neither answers (status, submit, retry, worker)', async () => {
    const env = { REDIS_URL: `redis://127.0.0.1:${deadPort}`, DATABASE_URL: pgUrl(deadPort) };
    const runs = await Promise.all(COMMANDS.map(([, args]) => runCli(args, env)));
    runs.forEach((run, i) => {
      // worker connects to Redis first, the others open the store first
      const service = COMMANDS[i]![0] === 'worker' ? `Redis at redis://127\\.0\\.0\\.1:${deadPort}` : `PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:${deadPort}/test`;
      expectClearFailure(run, new RegExp(`^jixiao: ${service} is not reachable: .*ECONNREFUSED`));
    });
  }, 30_000);

  it('give up on servers that accept a connection and never answer', async () => {
    const [worker, status] = await Promise.all([
      runCli(['worker'], { REDIS_URL: `redis://127.0.0.1:${silentPort}`, DATABASE_URL: pgUrl(deadPort) }),
      runCli(['status'], { REDIS_URL: `redis://127.0.0.1:${deadPort}`, DATABASE_URL: pgUrl(silentPort) }),
    ]);
    expectClearFailure(worker, new RegExp(`^jixiao: Redis at redis://127\\.0\\.0\\.1:${silentPort} is not reachable: no answer within`));
    expectClearFailure(status, new RegExp(`^jixiao: PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:${silentPort}/test is not reachable: .*timeout`));
  }, 30_000);

  describe.skipIf(servicesDown !== null && !ON_CI)(`with the other service up${servicesDown ? ` (skipped: ${servicesDown})` : ''}`, () => {
    const schema = scratchName('unreachable');
    const prefix = scratchName('u');
    let admin: Sql;
    beforeAll(async () => {
      admin = await openPostgres(PG_URL, { max: 1 });
      await admin.exec(`create schema ${schema}`);
    });
    afterAll(async () => {
      await admin?.exec(`drop schema if exists ${schema} cascade`);
      await admin?.close();
      // The worker got as far as opening its queues (BullMQ writes their meta keys) before PostgreSQL failed it.
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    it('fail within seconds naming Redis when only Redis is down, having stored nothing', async () => {
      const env = {
        REDIS_URL: `redis://127.0.0.1:${deadPort}`,
        DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
      };
      const runs = await Promise.all(COMMANDS.map(([, args]) => runCli(args, env)));
      for (const run of runs) expectClearFailure(run, new RegExp(`^jixiao: Redis at redis://127\\.0\\.0\\.1:${deadPort} is not reachable: .*ECONNREFUSED`));
      // submit connects to Redis before it stores anything: no document is left waiting for a queue that was never there.
      const { rows } = await admin.query(`select count(*)::integer as n from ${schema}.documents`);
      expect(rows).toEqual([{ n: 0 }]);
    }, 30_000);

    it('fail within seconds naming PostgreSQL when only PostgreSQL is down', async () => {
      const env = { REDIS_URL, JIXIAO_QUEUE_PREFIX: prefix, DATABASE_URL: pgUrl(deadPort) };
      const runs = await Promise.all(COMMANDS.map(([, args]) => runCli(args, env)));
      for (const run of runs) expectClearFailure(run, new RegExp(`^jixiao: PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:${deadPort}/test is not reachable: .*ECONNREFUSED`));
    }, 30_000);
  });
});
