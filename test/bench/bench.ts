import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DocumentId } from '../../schemas/index.ts';
import { collectFiles } from '../../services/cli/collect-files.ts';
import { createLog } from '../../services/log.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPglite } from '../../services/store/pglite.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import type { Store } from '../../services/store/store.ts';
import { errorMessage } from '../../workers/errors.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import type { StageDeps } from '../../workers/stage.ts';
import type { BenchResults } from './bench-results.ts';
import { findOcrPages } from './find-ocr-pages.ts';
import { formatReport } from './format-report.ts';
import { findPdftotext, INSTALL_PDFTOTEXT, timePdftotextPass } from './measure-pdftotext.ts';
import { measureStages } from './measure-stages.ts';
import { benchOcr } from './ocr-section.ts';
import { BENCH_USAGE, parseBenchArgs, type BenchArgs } from './parse-bench-args.ts';
import { runPipelinePass } from './run-pipeline-pass.ts';
import { sampleRss } from './sample-rss.ts';
import { pagesPerSecond, summarize } from './summarize.ts';

type Doc = { file: string; id: DocumentId; pages: number };

const MiB = (bytes: number) => bytes / 2 ** 20;
// Short names for files under the working folder (the samples), full paths for the rest.
const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
};

async function main(args: BenchArgs): Promise<void> {
  const startedAt = new Date().toISOString();
  const { files, missing } = await collectFiles(args.paths);
  if (missing.length) throw new Error(`no such file or folder: ${missing.join(', ')}`);
  if (!files.length) throw new Error(`no PDF in ${args.paths.join(', ')}`);

  const rssBeforeStore = process.memoryUsage.rss();
  const sql = await openPglite('memory://');
  await migrate(sql);
  const store = createSqlStore(sql);
  // warn, as the CLI: a failing document says why on stderr, and info lines would be timed as work.
  const log = createLog('warn');
  try {
    const stored = await storeFiles(store, files);
    const rssBeforeExtract = process.memoryUsage.rss();
    process.stderr.write('sorting born-digital documents from those jixiao OCRs…\n');
    const ocrPages = await findOcrPages(stored);
    const digital = [...stored.keys()].filter((id) => ocrPages.get(id)?.length === 0);
    const skipped: BenchResults['skipped'] = [];
    let docs: Doc[] = [];
    const pipelineRuns: BenchResults['pipeline'] = [];
    let stages: BenchResults['stages'] | null = null;

    for (const [round, concurrency] of (digital.length ? args.concurrency : []).entries()) {
      process.stderr.write(`jixiao, concurrency ${concurrency}: warm-up + ${args.passes} passes…\n`);
      // A fresh pool per level, so concurrency 2 has two warm threads and concurrency 1 never borrows one.
      const pool = createExtractPool({ size: concurrency });
      const deps: StageDeps = { store, log, extractPdf: pool.extract };
      try {
        const warm = await runPipelinePass(round === 0 ? digital : docs.map((d) => d.id), deps, concurrency);
        if (round === 0) {
          // Documents jixiao cannot read (scans, broken files) are left out of both sides of the comparison.
          for (const f of warm.failed) skipped.push({ file: stored.get(f.id)!.file, stage: f.stage, error: f.error });
          docs = await pageCounts(store, stored, digital, new Set(warm.failed.map((f) => f.id)));
          if (!docs.length) throw new Error('every document failed in the warm-up pass; nothing to measure');
        } else assertAllOk(warm.failed);

        const ids = docs.map((d) => d.id);
        const pages = docs.reduce((n, d) => n + d.pages, 0);
        const passMs: number[] = [];
        const rss = sampleRss();
        for (let i = 0; i < args.passes; i++) {
          const pass = await runPipelinePass(ids, deps, concurrency);
          assertAllOk(pass.failed);
          passMs.push(pass.ms);
        }
        pipelineRuns.push({ concurrency, pagesPerSecond: summarize(pagesPerSecond(pages, passMs)), passMs, peakRssMiB: MiB(rss.stop()) });

        if (round === 0) {
          process.stderr.write('jixiao: per-stage pass…\n');
          const split = await measureStages(ids, deps);
          stages = { concurrency, totalMs: split.reduce((n, s) => n + s.ms, 0), split };
        }
      } finally {
        await pool.close();
      }
    }

    const pages = docs.reduce((n, d) => n + d.pages, 0);
    const pdftotext = docs.length
      ? await measurePdftotext(docs.map((d) => d.file), pages, args)
      : { available: false as const, reason: 'no born-digital document among the inputs', install: INSTALL_PDFTOTEXT };
    const ocrDocs = [...ocrPages].filter(([, plan]) => plan.length > 0).map(([id, plan]) => ({ id, plan, ...stored.get(id)! }));
    const ocr = args.ocrEngines.length && ocrDocs.length ? await benchOcr(ocrDocs, args) : null;
    for (const id of stored.keys()) {
      if (!ocrPages.has(id)) skipped.push({ file: stored.get(id)!.file, stage: 'extract', error: 'pdf.js could not read it' });
    }
    const results: BenchResults = {
      startedAt,
      machine: {
        node: process.version, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        platform: process.platform, arch: process.arch, totalMemMiB: Math.round(MiB(os.totalmem())),
      },
      files: docs.map((d) => ({ file: shown(d.file), pages: d.pages })),
      skipped: skipped.map((s) => ({ ...s, file: shown(s.file) })),
      pages,
      passes: args.passes,
      pipeline: pipelineRuns,
      stages,
      pdftotext,
      ocr: ocr && { ...ocr, files: ocr.files.map((f) => ({ ...f, file: shown(f.file) })) },
      ratios: pdftotext.available
        ? pipelineRuns.flatMap((p) => {
            const other = pdftotext.runs.find((t) => t.parallel === p.concurrency);
            return other ? [{ concurrency: p.concurrency, ratio: p.pagesPerSecond.median / other.pagesPerSecond.median }] : [];
          })
        : [],
      // maxRSS is in KiB.
      memory: { rssBeforeStoreMiB: MiB(rssBeforeStore), rssBeforeExtractMiB: MiB(rssBeforeExtract), maxRssMiB: process.resourceUsage().maxRSS / 1024 },
    };
    process.stdout.write(formatReport(results));
    if (args.json) {
      await writeFile(args.json, JSON.stringify(results, null, 2) + '\n');
      process.stdout.write(`figures written to ${args.json}\n`);
    }
  } finally {
    await store.close();
  }
}

type StoredFile = { file: string; bytes: Uint8Array };

/** Each file stored once (by content hash; the same bytes under two names count once). */
async function storeFiles(store: Store, files: string[]): Promise<Map<DocumentId, StoredFile>> {
  const stored = new Map<DocumentId, StoredFile>();
  for (const file of files) {
    const bytes = await readFile(file);
    const { info } = await store.putDocument({ fileName: path.basename(file), bytes });
    if (!stored.has(info.id)) stored.set(info.id, { file, bytes });
  }
  return stored;
}

/** Page counts as jixiao's extract stage recorded them, the same count for both tools. */
async function pageCounts(store: Store, stored: Map<DocumentId, StoredFile>, ids: DocumentId[], failed: Set<DocumentId>): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const id of ids) {
    const file = stored.get(id)!.file;
    if (failed.has(id)) continue;
    const info = await store.getDocument(id);
    docs.push({ file, id, pages: info?.pageCount ?? 0 });
  }
  return docs;
}

function assertAllOk(failed: { id: DocumentId; stage: string; error: string }[]): void {
  if (failed.length) throw new Error(`a document that passed the warm-up failed later: ${failed.map((f) => `${f.id.slice(0, 12)} at ${f.stage}: ${f.error}`).join('; ')}`);
}

async function measurePdftotext(files: string[], pages: number, args: BenchArgs): Promise<BenchResults['pdftotext']> {
  const found = findPdftotext();
  if (!found.available) {
    process.stderr.write(`pdftotext: skipped (${found.reason}); install it with: ${INSTALL_PDFTOTEXT}\n`);
    return { available: false, reason: found.reason, install: INSTALL_PDFTOTEXT };
  }
  const runs = [];
  for (const parallel of args.concurrency) {
    process.stderr.write(`pdftotext, ${parallel} at once: warm-up + ${args.passes} passes…\n`);
    await timePdftotextPass(files, parallel);
    const passMs: number[] = [];
    for (let i = 0; i < args.passes; i++) passMs.push(await timePdftotextPass(files, parallel));
    runs.push({ parallel, pagesPerSecond: summarize(pagesPerSecond(pages, passMs)), passMs });
  }
  return { available: true, version: found.version, runs };
}

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${errorMessage(error)}\n\n${BENCH_USAGE}`);
  process.exit(1);
}
if (args.help) process.stdout.write(BENCH_USAGE);
else
  main(args).catch((error: unknown) => {
    process.stderr.write(`bench: ${errorMessage(error)}\n`);
    process.exitCode = 1;
  });
