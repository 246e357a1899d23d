/**
 * Robustness run: every PDF under a folder through the real pipeline (PGlite memory store, extract pool,
 * runInline) in ONE run, the way `jixiao ingest` would see them, so a hostile file that leaks, hangs or
 * crashes shows up as damage to its neighbours or to the process, not only to itself.
 *
 *   npm run robustness -- ../shared/robustness/pdfjs [--max-rss-mb 3000] [--concurrency 2] [--stall-ms 30000]
 *
 * Exits 1 when a document is left without a final status (validated, or failed with a reason) or when the
 * process' peak RSS exceeds --max-rss-mb.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentId } from '../../schemas/index.ts';
import { collectFiles } from '../../services/cli/collect-files.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPglite } from '../../services/store/pglite.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import type { Store } from '../../services/store/store.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import { runInline } from '../../workers/run-inline.ts';
import type { Log } from '../../workers/stage.ts';
import { treeRss } from '../fixtures/process-tree.ts';

type Row = { files: string[]; final: boolean; outcome: string; kind: string; ms: number; rss: number };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'max-rss-mb': { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '2' },
    'stall-ms': { type: 'string', default: '30000' },
    // A safety net above the pool's own limits: if the run itself never ends, say which documents are stuck.
    'run-timeout-s': { type: 'string', default: '1800' },
  },
});
const folder = positionals[0];
if (!folder) {
  process.stderr.write('usage: node dist/test/bench/robustness.js <folder> [--max-rss-mb N] [--concurrency N] [--stall-ms N] [--run-timeout-s N]\n');
  process.exit(1);
}
const maxRssMb = positive('max-rss-mb');
const concurrency = positive('concurrency');
const stallMs = positive('stall-ms');
const runTimeoutMs = positive('run-timeout-s') * 1000;

// Extraction runs in child processes: the RSS judged is this process' and its children's together, sampled
// because no single counter says when the peak happened or sums over processes.
let peakRss = 0;
let peakAt = 'start';
let phase = 'start';
// Documents in extraction or later at the moment of a sample: with concurrency > 1 the last one started
// is often not the one holding the memory.
const inFlight = new Set<string>();
const sample = () => {
  const rss = treeRss(process.pid);
  if (rss > peakRss) [peakRss, peakAt] = [rss, inFlight.size ? [...inFlight].join(' + ') : phase];
};
const sampler = setInterval(sample, 50);
sampler.unref();

// Failures are read back from the store; only errors outside a document's own status are worth a line.
const log: Log = { info: () => undefined, warn: () => undefined, error: (f, m) => process.stderr.write(`${m} ${JSON.stringify(f)}\n`) };

const t0 = performance.now();
phase = 'PGlite start';
const sql = await openPglite('memory://');
await migrate(sql);
const store = createSqlStore(sql);
const setupMs = performance.now() - t0;

const { files, missing } = await collectFiles([folder]);
if (missing.length || !files.length) {
  process.stderr.write(`no PDFs under ${folder}\n`);
  process.exit(1);
}
// Identical files (same sha256) are one document; keep every name so the report still lists each file.
const filesOf = new Map<DocumentId, string[]>();
phase = 'storing the files';
for (const file of files) {
  const { info } = await store.putDocument({ fileName: path.basename(file), bytes: await readFile(file) });
  filesOf.set(info.id, [...(filesOf.get(info.id) ?? []), path.basename(file)]);
}
const ids = [...filesOf.keys()];

const started = new Map<DocumentId, number>();
const took = new Map<DocumentId, number>();
// RSS when each document ended: a climb that never comes back down points at the file that leaked.
const rssAfter = new Map<DocumentId, number>();
const pool = createExtractPool({ size: concurrency, stallMs });
const runStart = performance.now();
let timer: NodeJS.Timeout | undefined;
const finished = await Promise.race([
  runInline(ids, { store, log, extractPdf: pool.extract }, {
    concurrency,
    // runInline calls startAt just before a document's first stage: the one place to read its start time.
    startAt: (id) => {
      started.set(id, performance.now());
      inFlight.add(filesOf.get(id)![0]!);
      return 'extract';
    },
    onDone: ({ id }) => {
      took.set(id, performance.now() - started.get(id)!);
      rssAfter.set(id, treeRss(process.pid));
      inFlight.delete(filesOf.get(id)![0]!);
      // A process given up on frees its memory only once killed, after its document has ended.
      phase = `just after ${filesOf.get(id)![0]!}`;
    },
  }).then(() => true),
  new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), runTimeoutMs))),
]);
clearTimeout(timer);
const runMs = performance.now() - runStart;
sample();

// In the order the run took them, so the RSS column reads as a timeline.
const rows: Row[] = [];
for (const id of ids) rows.push(await describe(store, id));

const width = Math.max(...rows.map((r) => r.files.join(', ').length));
for (const r of rows) {
  const time = r.ms >= 0 ? `${(r.ms / 1000).toFixed(2).padStart(7)} s` : '    — s';
  const rss = r.rss ? `${Math.round(r.rss / 2 ** 20)}`.padStart(5) : '    —';
  process.stdout.write(`${r.final ? ' ' : '!'} ${r.files.join(', ').padEnd(width)}  ${time}  ${rss} MiB  ${r.outcome}\n`);
}

const byKind = new Map<string, number>();
for (const r of rows) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
const maxRss = peakRss;
const mb = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
const unfinished = rows.filter((r) => !r.final);

process.stdout.write(`\n${files.length} files, ${ids.length} distinct documents; store ready in ${(setupMs / 1000).toFixed(1)} s, run ${(runMs / 1000).toFixed(1)} s (concurrency ${concurrency}, stall ${stallMs / 1000} s)\n`);
process.stdout.write('\noutcomes:\n');
for (const [kind, n] of [...byKind].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(4)}  ${kind}\n`);
process.stdout.write('\nslowest:\n');
for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 5)) {
  process.stdout.write(`  ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${r.files[0]}  (${r.outcome.split('\n')[0]})\n`);
}
process.stdout.write(`\npeak RSS of the process tree: ${mb(maxRss)} (sampled every 50 ms; during ${peakAt}); limit ${maxRssMb} MiB\n`);
process.stdout.write(`final status: ${unfinished.length ? `${unfinished.length} document(s) WITHOUT a final status: ${unfinished.map((r) => r.files[0]).join(', ')}` : `all ${ids.length} documents reached one`}${finished ? '' : ` (the run did not end within ${runTimeoutMs / 1000} s)`}\n`);

const ok = finished && !unfinished.length && maxRss <= maxRssMb * 2 ** 20;
process.stdout.write(ok ? 'PASS\n' : 'FAIL\n');
await pool.close();
await store.close();
// A stuck run may still hold threads or timers; the verdict is already printed.
process.exit(ok ? 0 : 1);

function positive(name: keyof typeof values): number {
  const n = Number(values[name]);
  if (!(n > 0)) {
    process.stderr.write(`--${name} takes a positive number, not "${values[name]}"\n`);
    process.exit(1);
  }
  return n;
}

async function describe(s: Store, id: DocumentId): Promise<Row> {
  const info = await s.getDocument(id);
  const files = filesOf.get(id)!;
  // A document still running when the run was given up counts its time so far.
  const ms = took.get(id) ?? (started.has(id) ? runStart + runMs - started.get(id)! : -1);
  const rss = rssAfter.get(id) ?? 0;
  if (info?.status === 'validated') {
    const forms = (await s.listRecords({ documentId: id })).length;
    const note = info.note ? `; ${info.note.split('\n')[0]}` : '';
    return { files, final: true, ms, rss, outcome: `validated, ${forms} forms${note}`, kind: `validated, ${forms ? 'with' : 'no'} forms${info.pagesFailed ? ', pages not read' : ''}` };
  }
  if (info?.status === 'failed' && info.error?.trim()) {
    // "extract: damaged PDF: Invalid XRef" → kind "extract: damaged PDF"
    const kind = info.error.split(':').slice(0, 2).join(':').split('\n')[0]!;
    return { files, final: true, ms, rss, outcome: `failed: ${info.error.split('\n')[0]}`, kind: `failed, ${kind}` };
  }
  return { files, final: false, ms, rss, outcome: `NO FINAL STATUS (status ${info?.status ?? 'missing'})`, kind: 'no final status' };
}
