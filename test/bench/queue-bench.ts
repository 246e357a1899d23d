/**
 * Queued throughput: documents/minute with 1, 2 and 4 `jixiao worker` processes (each --concurrency 1) on
 * the same input, through the real scale-out path: a private redis-server (AOF on, as in the fault test),
 * a private PostgreSQL schema, documents stored and then queued by id, timed from the first enqueue until
 * the last document is validated. Worker start-up is not timed: the workers are started first and the clock
 * starts once each has logged 'worker ready'.
 *
 *   npm run bench:queue -- [--documents 60] [--workers 1,2,4] [--runs 1] [--mix] [--json FILE]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { DocumentId } from '../../schemas/index.ts';
import { formatTable } from '../../services/cli/summary-table.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPostgres } from '../../services/store/postgres.ts';
import type { Sql } from '../../services/store/sql.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import { errorMessage } from '../../workers/errors.ts';
import { createQueues } from '../../workers/run-queued.ts';
import { freePort, startRedis, stopProcess, until } from '../fixtures/processes.ts';
import { PG_URL, probePostgres, scratchName } from '../fixtures/services.ts';
import type { BenchResults } from './bench-results.ts';
import { summarize, type Summary } from './summarize.ts';

// This file runs compiled, from dist/test/bench/: the CLI is compiled beside it, the samples stay at the root.
const DIST = path.join(import.meta.dirname, '..', '..');
const MAIN = path.join(DIST, 'services', 'cli', 'main.js');
const SAMPLES = path.join(DIST, '..', 'samples');
const BASE_SAMPLE = 't4-001-part1-digital.pdf';
const MIX_SAMPLES = [BASE_SAMPLE, 't1-003-digital.pdf', 't2-004-part1-digital.pdf'];
const POLL_MS = 100;
// A run whose count of finished documents stands still this long is stuck (a lost job), not slow.
const STALL_MS = 180_000;

const USAGE = `npm run bench:queue -- [--documents N] [--workers 1,2,4] [--runs N] [--mix] [--json FILE]

  Documents/minute through the queued pipeline (BullMQ on a private redis-server, PostgreSQL in a
  private schema) with 1, 2 and 4 \`jixiao worker --concurrency 1\` processes on the same input.
  --documents N   distinct documents, copies of samples/${BASE_SAMPLE} (default 60)
  --mix           cycle through every sample (${MIX_SAMPLES.join(', ')}) instead
  --workers L     worker process counts to compare (default 1,2,4)
  --runs N        runs per worker count, interleaved; the table shows medians (default 1)
  --json FILE     also write the figures as JSON to FILE
  PostgreSQL: DATABASE_URL, else ${PG_URL}; redis-server must be on PATH.
`;

type Args = { documents: number; workers: number[]; runs: number; mix: boolean; json?: string; help: boolean };
type Copy = { file: string; fileName: string; bytes: Uint8Array };
type Run = {
  workers: number; run: number; documents: number; pages: number; seconds: number; documentsPerMinute: number; pagesPerMinute: number;
  peakRssMiB: (number | null)[];
  /** CPUs' worth of time over the timed span: the workers' own, and the whole machine's (null without /proc). */
  workerCores: number | null; redisCores: number | null; machineBusyCores: number | null;
  /** CPUs busy over the second before the clock started, workers ready and idle: other work on the machine. */
  backgroundBusyCores: number | null;
};
type Row = {
  workers: number; seconds: Summary; documentsPerMinute: Summary; pagesPerMinute: Summary; speedUp: number | null;
  peakRssMiB: (number | null)[]; workerCores: number | null; redisCores: number | null; machineBusyCores: number | null;
};
type QueueBenchResults = {
  startedAt: string;
  machine: BenchResults['machine'];
  input: { documents: number; pages: number; files: { file: string; copies: number }[] };
  runs: Run[];
  table: Row[];
};
type WorkerProcess = { child: ChildProcess; ready: Promise<void>; tail: string[] };

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
    machine: {
      node: process.version, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      platform: process.platform, arch: process.arch, totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
    },
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
    const procs = Array.from({ length: workers }, () => startWorker(redisUrl, schema, prefix));
    await Promise.all(procs.map((p) => p.ready));

    // Nothing of ours is working now, so whatever keeps the CPUs busy is someone else's load.
    const backgroundBusyCores = await busyCoresOver(1_000);
    const watched = [...procs.map((p) => p.child.pid), redisPid];
    const cpuBefore = cpuSnapshot(watched);
    // The clock is PostgreSQL's on both ends: updated_at (set with now() by setStatus) marks when each document
    // reached its final status, so the poll interval below only decides when to stop looking.
    const { rows: [start] } = await sql.query('select clock_timestamp() as t');
    for (const id of ids) await queues.enqueue('extract', id);
    await waitUntilFinal(sql, ids.length, procs);
    const cores = coresUsed(cpuBefore, cpuSnapshot(watched));
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
    const workerCores = cores?.perProcess.slice(0, workers) ?? [];
    return {
      workers, run, documents: ids.length, pages, seconds,
      documentsPerMinute: ids.length / (seconds / 60), pagesPerMinute: pages / (seconds / 60), peakRssMiB,
      workerCores: workerCores.length && workerCores.every((c) => c !== null) ? workerCores.reduce((a, b) => a! + b!, 0) : null,
      redisCores: cores?.perProcess[workers] ?? null,
      machineBusyCores: cores?.machine ?? null,
      backgroundBusyCores,
    };
  } finally {
    // This run's steps only (workers, queues, store, schema); Redis and the admin pool serve the next run.
    await runSteps(cleanups.slice(mark));
    cleanups.length = mark;
  }
}

function startWorker(redisUrl: string, schema: string, prefix: string): WorkerProcess {
  const child = spawn(process.execPath, [MAIN, 'worker', '--concurrency', '1', '--grace-seconds', '10'], {
    env: {
      ...process.env, REDIS_URL: redisUrl, JIXIAO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info',
      DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  defer(() => stopProcess(child, 'SIGKILL'));
  // The last lines only, for the error message when a worker dies; the rest is read and dropped.
  const tail: string[] = [];
  let partial = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} not ready after 60 s: ${tail.join(' | ')}`)), 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${child.pid} exited (${signal ?? code}) before it was ready: ${tail.join(' | ')}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 10) tail.shift();
        if (isReadyLine(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  ready.catch(() => {}); // awaited by the caller; this only stops an exit after ready from counting as unhandled
  return { child, ready, tail };
}

const isReadyLine = (line: string): boolean => {
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === 'worker ready';
  } catch {
    return false;
  }
};

async function waitUntilFinal(sql: Sql, documents: number, procs: WorkerProcess[]): Promise<void> {
  let final = -1;
  let movedAt = Date.now();
  for (;;) {
    const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`worker ${dead.child.pid} exited (${dead.child.signalCode ?? dead.child.exitCode}) during the run: ${dead.tail.join(' | ')}`);
    // One aggregate per poll: on 2 cores, listing every document ten times a second would be timed as work.
    const { rows: [row] } = await sql.query(`select count(*)::int as n from documents where status in ('validated', 'failed')`);
    const n = (row as { n: number }).n;
    if (n === documents) return;
    if (n !== final) [final, movedAt] = [n, Date.now()];
    else if (Date.now() - movedAt > STALL_MS) throw new Error(`no document finished for ${STALL_MS / 1000} s (${n} of ${documents} final)`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// USER_HZ: the unit of /proc/stat and /proc/<pid>/stat; 100 on every Linux build Node supports.
const CLOCK_TICKS = 100;

/** All CPUs' time since boot from /proc/stat: busy (not idle or iowait) and total, in ticks. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal; guest time is already inside user.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return null;
  }
}

type CpuSnapshot = { machine: { busy: number; total: number } | null; ticks: (number | null)[] };
const cpuSnapshot = (pids: (number | undefined)[]): CpuSnapshot => ({ machine: machineTicks(), ticks: pids.map(processTicks) });

/**
 * CPUs' worth of time between two snapshots, machine-wide and per process. The window used here runs to the
 * poll that saw the end, up to POLL_MS past the timed span: slightly low, alike for every worker count.
 */
function coresUsed(before: CpuSnapshot, after: CpuSnapshot): { machine: number; perProcess: (number | null)[] } | null {
  if (!before.machine || !after.machine) return null;
  const seconds = (after.machine.total - before.machine.total) / CLOCK_TICKS / os.availableParallelism();
  const of = (ticks: number) => ticks / CLOCK_TICKS / seconds;
  return {
    machine: of(after.machine.busy - before.machine.busy),
    perProcess: after.ticks.map((t, i) => {
      const t0 = before.ticks[i];
      return t === null || t0 === null || t0 === undefined ? null : of(t - t0);
    }),
  };
}

/** CPUs' worth of busy time across the machine over the next `ms`. */
async function busyCoresOver(ms: number): Promise<number | null> {
  const before = cpuSnapshot([]);
  await new Promise((r) => setTimeout(r, ms));
  return coresUsed(before, cpuSnapshot([]))?.machine ?? null;
}

/** A process' user + system time in ticks, its threads included (the extract thread is one). */
function processTicks(pid: number | undefined): number | null {
  try {
    // The command name in field 2 may hold spaces: count from the ')' that closes it.
    const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(after[11]) + Number(after[12]);
  } catch {
    return null;
  }
}

/** VmHWM from /proc (Linux) in MiB, or null where there is no /proc. */
function peakRss(pid: number | undefined): number | null {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : null;
  } catch {
    return null;
  }
}

/** SIGTERM lets the worker close its connections; one that has not gone after 15 s is killed. */
async function stopWorker(child: ChildProcess): Promise<void> {
  const gone = stopProcess(child, 'SIGTERM');
  const late = new Promise<'late'>((r) => setTimeout(() => r('late'), 15_000).unref());
  if ((await Promise.race([gone, late])) === 'late') await stopProcess(child, 'SIGKILL');
}

function tabulate(runs: Run[], counts: number[]): Row[] {
  const rows = counts.map((workers): Row => {
    const mine = runs.filter((r) => r.workers === workers);
    return {
      workers,
      seconds: summarize(mine.map((r) => r.seconds)),
      documentsPerMinute: summarize(mine.map((r) => r.documentsPerMinute)),
      pagesPerMinute: summarize(mine.map((r) => r.pagesPerMinute)),
      speedUp: null,
      // Per worker slot, the highest of its runs: the figure to size a machine by.
      peakRssMiB: Array.from({ length: workers }, (_, i) => {
        const seen = mine.flatMap((r) => (r.peakRssMiB[i] == null ? [] : [r.peakRssMiB[i]!]));
        return seen.length ? Math.max(...seen) : null;
      }),
      workerCores: medianOrNull(mine.map((r) => r.workerCores)),
      redisCores: medianOrNull(mine.map((r) => r.redisCores)),
      machineBusyCores: medianOrNull(mine.map((r) => r.machineBusyCores)),
    };
  });
  const one = rows.find((r) => r.workers === 1);
  for (const r of rows) r.speedUp = one ? r.documentsPerMinute.median / one.documentsPerMinute.median : null;
  return rows;
}

function medianOrNull(values: (number | null)[]): number | null {
  return values.every((v) => v !== null) ? summarize(values as number[]).median : null;
}

function formatQueueReport(r: QueueBenchResults, runs: number): string {
  const m = r.machine;
  const f1 = (n: number) => n.toFixed(1);
  const withRange = (s: Summary, digits: number) => (runs > 1 ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : s.median.toFixed(digits));
  const out: string[] = [];
  out.push(`jixiao queue bench, ${r.startedAt}`);
  out.push(`node ${m.node}, ${m.platform}/${m.arch}, ${m.cpus} CPUs (${m.cpuModel}), ${m.totalMemMiB} MiB RAM`);
  out.push(`note: the ${m.cpus} CPUs are shared by the workers, PostgreSQL, redis-server and this process, so past ${m.cpus} worker(s) extra processes can only fill idle gaps, not add cores`);
  out.push(`input: ${r.input.documents} distinct documents, ${r.input.pages} pages: ${r.input.files.map((f) => `${f.copies} × ${f.file}`).join(', ')}`);
  out.push('each worker: `jixiao worker --concurrency 1` (extract, normalize and validate queues, one job each at a time)');
  out.push(`timed from the first enqueue to the last document validated (PostgreSQL clock); worker start-up excluded, each worker's first document (extract thread + pdf.js load) included${runs > 1 ? `; medians (range) of ${runs} runs` : ''}`, '');
  out.push(formatTable(
    ['workers', 'documents', 'seconds', 'documents/minute', 'pages/minute', 'speed-up vs 1', 'CPUs busy: workers / redis / machine', 'peak RSS per worker (VmHWM)'],
    r.table.map((row) => [
      String(row.workers), String(r.input.documents), withRange(row.seconds, 2), withRange(row.documentsPerMinute, 1),
      withRange(row.pagesPerMinute, 0), row.speedUp === null ? '—' : `${row.speedUp.toFixed(2)}×`,
      row.workerCores === null || row.redisCores === null || row.machineBusyCores === null ? 'n/a'
        : `${row.workerCores.toFixed(2)} / ${row.redisCores.toFixed(2)} / ${row.machineBusyCores.toFixed(2)} of ${m.cpus}`,
      row.peakRssMiB.every((x) => x === null) ? 'n/a' : `${row.peakRssMiB.map((x) => (x === null ? '?' : f1(x))).join(', ')} MiB`,
    ]),
  ));
  out.push(`CPUs busy: CPUs' worth of time over the timed span, the worker processes' own (threads included), redis-server's (AOF fsync on every write) and the whole machine's (the rest is PostgreSQL, this process and anything else running)`);
  const background = r.runs.map((x) => x.backgroundBusyCores);
  if (background.every((b) => b !== null)) {
    out.push(`machine busy in the second before each run, workers idle: ${background.map((b) => b.toFixed(2)).join(', ')} CPUs`);
    // Other work on a 2-CPU machine takes cores the workers were meant to have: the speed-ups would be wrong.
    if (Math.max(...background) > 0.3) out.push(`WARNING: other work was running on this machine during the bench; these figures understate jixiao and are not comparable`);
  }
  return out.join('\n') + '\n';
}

function parseQueueBenchArgs(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      documents: { type: 'string', default: '60' },
      workers: { type: 'string', default: '1,2,4' },
      runs: { type: 'string', default: '1' },
      mix: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    documents: positiveInt(values.documents, '--documents'),
    workers: [...new Set(values.workers.split(',').map((w) => positiveInt(w.trim(), '--workers')))],
    runs: positiveInt(values.runs, '--runs'),
    mix: values.mix,
    json: values.json,
    help: values.help,
  };
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes whole numbers ≥ 1, not "${text}"`);
  return n;
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
