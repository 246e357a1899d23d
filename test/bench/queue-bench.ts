import { createHash } from 'node:crypto';
/**
 * Queued throughput: documents/minute with 1, 2 and 4 `jixiao worker` processes (each --concurrency 1) on
 * the same input, through the real scale-out path: a private redis-server (AOF on, as in the fault test),
 * a private PostgreSQL schema, documents stored and then queued by id, timed from the first enqueue until
 * the last document is validated. Worker start-up is not timed: the workers are started first and the clock
 * starts once each has logged 'worker ready'.
 *
 *   npm run bench:queue -- [--documents 60] [--workers 1,2,4] [--runs 1] [--mix] [--json FILE]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { DocumentId } from '../../schemas/index.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPostgres } from '../../services/store/postgres.ts';
import type { Sql } from '../../services/store/sql.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import { errorMessage } from '../../workers/errors.ts';
import { createQueues } from '../../workers/run-queued.ts';
import { freePort, startRedis, stopProcess, until } from '../fixtures/processes.ts';
import { PG_URL, probePostgres, scratchName } from '../fixtures/services.ts';
import { benchMachine } from './bench-machine.ts';
import { busyCoresOver, cpuSnapshot, cpuSplit, peakRss } from './cpu-accounting.ts';
import { BASE_SAMPLE, MIX_SAMPLES, parseQueueBenchArgs, USAGE, type Args } from './queue-bench-args.ts';
import { formatQueueReport, tabulate, type QueueBenchResults, type Run } from './queue-report.ts';
import { startWorker, stopWorker, waitUntilFinal } from './worker-processes.ts';

// This file runs compiled, from dist/test/bench/: the CLI is compiled beside it, the samples stay at the root.
const DIST = path.join(import.meta.dirname, '..', '..');
const MAIN = path.join(DIST, 'services', 'cli', 'main.js');
const SAMPLES = path.join(DIST, '..', 'samples');

type Copy = { file: string; fileName: string; bytes: Uint8Array };

/**
 * Cleanup steps, each run at most once, last-in first-out: at the end of a run, on an error, or on
 * SIGINT/SIGTERM, which may arrive while a run is already tearing itself down.
 */
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
const runSteps = async (steps: (() => Promise<void>)[]) => {
  for (const step of [...steps].reverse()) await step();
};
function defer(step: () => Promise<unknown>): void {
  let done: Promise<void> | undefined;
  const once = () => (done ??= step().then(
    () => undefined,
    (error: unknown) => void process.stderr.write(`queue bench: cleanup: ${errorMessage(error)}\n`),
  ));
  cleanups.push(once);
  // Created after a signal started the cleanup: nobody else would undo it.
  if (cleaning) void once();
}
const cleanUp = () => (cleaning ??= runSteps(cleanups));

async function main(args: Args): Promise<void> {
  const startedAt = new Date().toISOString();
  const down = await probePostgres();
  if (down) throw new Error(down);
  const copies = makeCopies(args.documents, args.mix);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'jixiao-queue-bench-'));
  defer(async () => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const redisServer = startRedis(port, dir);
  defer(() => stopProcess(redisServer, 'SIGKILL'));
  const redisUrl = `redis://127.0.0.1:${port}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // refused until redis-server listens
  defer(async () => redis.disconnect());
  await until('redis-server', async () => (await redis.ping().catch(() => '')) === 'PONG', 10_000);
  const admin = await openPostgres(PG_URL, { max: 1 });
  defer(() => admin.close());

  const runs: Run[] = [];
  // Interleaved (1,2,4,1,2,4…) so that a slow spell on the shared VM does not land on one count only.
  for (let run = 1; run <= args.runs; run++) {
    for (const workers of args.workers) {
      process.stderr.write(`queue bench, run ${run}/${args.runs}: ${workers} worker(s), ${copies.length} documents…\n`);
      const result = await measure(workers, run, copies, { admin, redis, redisUrl, redisPid: redisServer.pid });
      process.stderr.write(`  ${result.seconds.toFixed(2)} s, ${result.documentsPerMinute.toFixed(1)} documents/minute\n`);
      runs.push(result);
    }
  }

  const results: QueueBenchResults = {
    startedAt,
    machine: benchMachine(copies.map((c) => createHash('sha256').update(c.bytes).digest('hex'))),
    input: {
      documents: copies.length,
      pages: runs[0]!.pages,
      files: MIX_SAMPLES.flatMap((file) => {
        const n = copies.filter((c) => c.file === file).length;
        return n ? [{ file: `samples/${file}`, copies: n }] : [];
      }),
    },
    runs,
    table: tabulate(runs, args.workers),
  };
  process.stdout.write(formatQueueReport(results, args.runs));
  if (args.json) {
    await writeFile(args.json, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`figures written to ${args.json}\n`);
  }
}

/** Copies of the samples, each with its own comment after %%EOF: new sha256, same content, so N distinct documents. */
function makeCopies(documents: number, mix: boolean): Copy[] {
  const files = mix ? MIX_SAMPLES : [BASE_SAMPLE];
  const bytes = new Map(files.map((f) => [f, readFileSync(path.join(SAMPLES, f))]));
  return Array.from({ length: documents }, (_, i) => {
    const file = files[i % files.length]!;
    return { file, fileName: `copy-${i}-${file}`, bytes: Buffer.concat([bytes.get(file)!, Buffer.from(`\n% queue bench copy ${i}\n`)]) };
  });
}

type Shared = { admin: Sql; redis: Redis; redisUrl: string; redisPid: number | undefined };

/**
 * One timed run: a fresh schema and queue prefix, so every document is new to the store and every job id
 * new to BullMQ, and fresh worker processes. Everything it creates is torn down before it returns.
 */
async function measure(workers: number, run: number, copies: Copy[], { admin, redis, redisUrl, redisPid }: Shared): Promise<Run> {
  const schema = scratchName('qbench');
  const prefix = scratchName('qb');
  const mark = cleanups.length;
  try {
    await admin.exec(`create schema ${schema}`);
    defer(() => admin.exec(`drop schema if exists ${schema} cascade`));
    const sql = await openPostgres(PG_URL, { schema, max: 2 });
    defer(() => sql.close());
    await migrate(sql);
    const store = createSqlStore(sql);
    const ids: DocumentId[] = [];
    for (const c of copies) ids.push((await store.putDocument({ fileName: c.fileName, bytes: c.bytes })).info.id);
    if (new Set(ids).size !== copies.length) throw new Error('two copies share a sha256; the documents are not distinct');

    const queues = createQueues({ connection: redis, prefix });
    defer(() => queues.close());
    const procs = Array.from({ length: workers }, () => startWorker(MAIN, redisUrl, schema, prefix, defer));
    await Promise.all(procs.map((p) => p.ready));

    // Nothing of ours is working now, so whatever keeps the CPUs busy is someone else's load.
    const backgroundBusyCores = await busyCoresOver(1_000);
    const groups = { workers: procs.map((p) => p.child.pid!), redis: redisPid === undefined ? [] : [redisPid], bench: [process.pid] };
    const cpuBefore = cpuSnapshot(groups);
    // The clock is PostgreSQL's on both ends: updated_at (set with now() by setStatus) marks when each document
    // reached its final status, so the poll interval below only decides when to stop looking.
    const { rows: [start] } = await sql.query('select clock_timestamp() as t');
    for (const id of ids) await queues.enqueue('extract', id);
    await waitUntilFinal(sql, ids.length, procs);
    const cpu = cpuSplit(cpuBefore, cpuSnapshot(groups), groups);
    const { rows: [done] } = await sql.query(
      `select extract(epoch from max(updated_at) - $1::timestamptz)::float8 as seconds, sum(page_count)::int as pages,
              count(*) filter (where status = 'failed')::int as failed from documents`,
      [(start as { t: Date }).t],
    );
    const { seconds, pages, failed } = done as { seconds: number; pages: number; failed: number };
    if (failed) {
      const { rows } = await sql.query(`select file_name, error from documents where status = 'failed' limit 3`);
      throw new Error(`${failed} document(s) failed, so the run is not comparable: ${(rows as { file_name: string; error: string }[]).map((r) => `${r.file_name}: ${r.error}`).join('; ')}`);
    }
    // VmHWM is the process' peak resident set, extract thread included; read it before the process ends.
    const peakRssMiB = procs.map((p) => peakRss(p.child.pid));
    await Promise.all(procs.map((p) => stopWorker(p.child)));
    return {
      workers, run, documents: ids.length, pages, seconds,
      documentsPerMinute: ids.length / (seconds / 60), pagesPerMinute: pages / (seconds / 60), peakRssMiB,
      cpu, backgroundBusyCores,
    };
  } finally {
    // This run's steps only (workers, queues, store, schema); Redis and the admin pool serve the next run.
    await runSteps(cleanups.slice(mark));
    cleanups.length = mark;
  }
}


let args: Args;
try {
  args = parseQueueBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`queue bench: ${errorMessage(error)}\n\n${USAGE}`);
  process.exit(1);
}
if (args.help) process.stdout.write(USAGE);
else {
  // Ctrl-C or a CI timeout must not leave workers, redis-server or the schemas behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`queue bench: ${signal}, cleaning up…\n`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  main(args)
    .catch((error: unknown) => {
      // After a signal the run fails because its workers were stopped: that is not news.
      if (!cleaning) process.stderr.write(`queue bench: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    })
    .finally(cleanUp);
}
