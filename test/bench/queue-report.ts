import { machineLine } from './bench-machine.ts';
import { formatTable } from '../../services/cli/summary-table.ts';
import type { BenchResults } from './bench-results.ts';
import { medianSplit, type CpuSplit } from './cpu-accounting.ts';
import { summarize, type Summary } from './summarize.ts';

export type Run = {
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
export type QueueBenchResults = {
  startedAt: string;
  machine: BenchResults['machine'];
  input: { documents: number; pages: number; files: { file: string; copies: number }[] };
  runs: Run[];
  table: Row[];
};

export function tabulate(runs: Run[], counts: number[]): Row[] {
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

// CPUs' worth of someone else's work above which a run no longer measures jixiao alone.
const FOREIGN_LOAD = 0.3;

export function formatQueueReport(r: QueueBenchResults, runs: number): string {
  const m = r.machine;
  const f1 = (n: number) => n.toFixed(1);
  const withRange = (s: Summary, digits: number) => (runs > 1 ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : s.median.toFixed(digits));
  const out: string[] = [];
  out.push(`jixiao queue bench, ${r.startedAt}`);
  out.push(machineLine(m));
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
