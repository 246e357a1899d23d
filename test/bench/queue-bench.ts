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
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { positiveInt } from './parse-bench-args.ts';

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
  /** Where the CPU time of the timed span went; null without /proc. */
  cpu: CpuSplit | null;
  /** CPUs busy over the second before the clock started, workers ready and idle: other work on the machine. */
  backgroundBusyCores: number | null;
};
type Row = {
  workers: number; seconds: Summary; documentsPerMinute: Summary; pagesPerMinute: Summary; speedUp: number | null;
  peakRssMiB: (number | null)[]; cpu: CpuSplit | null;
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

type Groups = { workers: number[]; redis: number[]; bench: number[] };
type CpuSnapshot = { machine: { busy: number; total: number }; ticks: Map<number, number>; postgres: number[] };
/** CPUs' worth of time (average cores busy) over the timed span, by who used it. */
type CpuSplit = { workers: number; postgres: number; redis: number; bench: number; other: number; machine: number };

/** Machine-wide ticks, and those of our processes and of every PostgreSQL process (server and backends). */
function cpuSnapshot(groups: Groups): CpuSnapshot | null {
  const machine = machineTicks();
  if (!machine) return null;
  const postgres = postgresPids();
  const ticks = new Map<number, number>();
  for (const pid of [...groups.workers, ...groups.redis, ...groups.bench, ...postgres]) {
    const t = processTicks(pid);
    if (t !== null) ticks.set(pid, t);
  }
  return { machine, ticks, postgres };
}

/**
 * The time between two snapshots, split by group; `other` is the rest of the machine: other people's work,
 * which on a shared 2-CPU VM is what makes a run worthless. The window runs to the poll that saw the end, up
 * to POLL_MS past the timed span: slightly low, alike for every worker count.
 */
function cpuSplit(before: CpuSnapshot | null, after: CpuSnapshot | null, groups: Groups): CpuSplit | null {
  if (!before || !after) return null;
  const seconds = (after.machine.total - before.machine.total) / CLOCK_TICKS / os.availableParallelism();
  const cores = (ticks: number) => ticks / CLOCK_TICKS / seconds;
  // A process missing from the first snapshot started inside the window (a backend opened mid-run): all its time counts.
  const used = (pids: number[]) => cores(pids.reduce((n, pid) => n + (after.ticks.get(pid) ?? 0) - (before.ticks.get(pid) ?? 0), 0));
  const split = { workers: used(groups.workers), postgres: used(after.postgres), redis: used(groups.redis), bench: used(groups.bench) };
  const machine = cores(after.machine.busy - before.machine.busy);
  // Processes that came and went inside the window are in `machine` only, so they land in `other`, as they should.
  return { ...split, machine, other: Math.max(0, machine - split.workers - split.postgres - split.redis - split.bench) };
}

/** Live PostgreSQL processes on this machine (none when the server is elsewhere: then its time is not ours to count). */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false; // ended since the listing
      }
    });
  } catch {
    return [];
  }
}

/** CPUs' worth of busy time across the machine over the next `ms`. */
async function busyCoresOver(ms: number): Promise<number | null> {
  const before = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const after = machineTicks();
  if (!before || !after) return null;
  return ((after.busy - before.busy) / (after.total - before.total)) * os.availableParallelism();
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
      cpu: mine.every((r) => r.cpu) ? medianSplit(mine.map((r) => r.cpu!)) : null,
    };
  });
  const one = rows.find((r) => r.workers === 1);
  for (const r of rows) r.speedUp = one ? r.documentsPerMinute.median / one.documentsPerMinute.median : null;
  return rows;
}

function medianSplit(splits: CpuSplit[]): CpuSplit {
  const median = (key: keyof CpuSplit) => summarize(splits.map((s) => s[key])).median;
  return { workers: median('workers'), postgres: median('postgres'), redis: median('redis'), bench: median('bench'), other: median('other'), machine: median('machine') };
}

// CPUs' worth of someone else's work above which a run no longer measures jixiao alone.
const FOREIGN_LOAD = 0.3;

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
    ['workers', 'documents', 'seconds', 'documents/minute', 'pages/minute', 'speed-up vs 1', 'CPUs busy: workers / PostgreSQL / redis / other', 'peak RSS per worker (VmHWM)'],
    r.table.map((row) => [
      String(row.workers), String(r.input.documents), withRange(row.seconds, 2), withRange(row.documentsPerMinute, 1),
      withRange(row.pagesPerMinute, 0), row.speedUp === null ? '—' : `${row.speedUp.toFixed(2)}×`,
      row.cpu === null ? 'n/a'
        : `${[row.cpu.workers, row.cpu.postgres, row.cpu.redis, row.cpu.other].map((c) => c.toFixed(2)).join(' / ')} of ${m.cpus}`,
      row.peakRssMiB.every((x) => x === null) ? 'n/a' : `${row.peakRssMiB.map((x) => (x === null ? '?' : f1(x))).join(', ')} MiB`,
    ]),
  ));
  out.push(`CPUs busy: average cores in use over the timed span by the worker processes (extract threads included), PostgreSQL (server and backends), redis-server (AOF fsync on every write) and everything else (other people's work; this process adds ${f1(Math.max(...r.runs.map((x) => x.cpu?.bench ?? 0)) * 100)}% of a core at most)`);
  // Other work on a 2-CPU machine takes cores the workers were meant to have: speed-ups would be wrong.
  const foreign = r.runs.map((x) => ({ run: x, before: x.backgroundBusyCores, during: x.cpu?.other ?? null }));
  if (foreign.every((f) => f.before !== null && f.during !== null)) {
    out.push(`other work, CPUs busy in the second before each run (workers idle) / during it: ${foreign.map((f) => `${f.run.workers}w#${f.run.run} ${f.before!.toFixed(2)}/${f.during!.toFixed(2)}`).join(', ')}`);
    const spoiled = foreign.filter((f) => f.before! > FOREIGN_LOAD || f.during! > FOREIGN_LOAD);
    if (spoiled.length) out.push(`WARNING: other work ran on this machine during ${spoiled.map((f) => `${f.run.workers}w#${f.run.run}`).join(', ')}; those figures understate jixiao and are not comparable`);
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
