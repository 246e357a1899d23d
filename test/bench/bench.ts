import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DocumentId } from '../../schemas/index.ts';
import { collectFiles } from '../../services/cli/collect-files.ts';
import { errorMessage } from '../../workers/errors.ts';
import { benchMachine } from './bench-machine.ts';
import type { BenchResults } from './bench-results.ts';
import { findOcrPages } from './find-ocr-pages.ts';
import { formatReport } from './format-report.ts';
import { findPdftotext, INSTALL_PDFTOTEXT, timePdftotextPass } from './measure-pdftotext.ts';
import { benchOcr } from './ocr-section.ts';
import { BENCH_USAGE, parseBenchArgs, type BenchArgs } from './parse-bench-args.ts';
import { measurePipeline, type InputFile } from './pipeline-section.ts';
import { pagesPerSecond, summarize } from './summarize.ts';

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

  const inputs = await readInputs(files);
  process.stderr.write('sorting born-digital documents from those jixiao OCRs…\n');
  const ocrPages = await findOcrPages(inputs);
  const skipped: BenchResults['skipped'] = [...inputs]
    .filter(([id]) => !ocrPages.has(id))
    .map(([, { file }]) => ({ file, stage: 'extract' as const, error: 'pdf.js could not read it' }));
  // OCR first, before any store is open, so the RSS it reports is the OCR's own.
  const ocrDocs = [...ocrPages].filter(([, plan]) => plan.length > 0).map(([id, plan]) => ({ id, plan, ...inputs.get(id)! }));
  const ocr = args.ocrEngines.length && ocrDocs.length ? await benchOcr(ocrDocs, args) : null;

  const digital = new Map([...inputs].filter(([id]) => ocrPages.get(id)?.length === 0));
  const rssBeforeStore = process.memoryUsage.rss();
  const born = digital.size ? await measurePipeline(digital, args) : null;
  const docs = born?.docs ?? [];
  skipped.push(...(born?.skipped ?? []));
  const pages = docs.reduce((n, d) => n + d.pages, 0);
  const pdftotext = docs.length
    ? await measurePdftotext(docs.map((d) => d.file), pages, args)
    : { available: false as const, reason: 'no born-digital document among the inputs', install: INSTALL_PDFTOTEXT };
  const pipelineRuns = born?.runs ?? [];
  const results: BenchResults = {
    startedAt,
    machine: benchMachine([...inputs.keys()]),
    files: docs.map((d) => ({ file: shown(d.file), pages: d.pages })),
    skipped: skipped.map((s) => ({ ...s, file: shown(s.file) })),
    pages,
    passes: args.passes,
    pipeline: pipelineRuns,
    stages: born?.stages ?? null,
    pdftotext,
    ocr: ocr && { ...ocr, files: ocr.files.map((f) => ({ ...f, file: shown(f.file) })) },
    ratios: pdftotext.available
      ? pipelineRuns.flatMap((p) => {
          const other = pdftotext.runs.find((t) => t.parallel === p.concurrency);
          return other ? [{ concurrency: p.concurrency, ratio: p.pagesPerSecond.median / other.pagesPerSecond.median }] : [];
        })
      : [],
    // maxRSS is in KiB.
    memory: { rssBeforeStoreMiB: MiB(rssBeforeStore), rssBeforeExtractMiB: born ? MiB(born.rssBeforeExtract) : null, maxRssMiB: process.resourceUsage().maxRSS / 1024 },
  };
  process.stdout.write(formatReport(results));
  if (args.json) {
    await writeFile(args.json, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`figures written to ${args.json}\n`);
  }
}

/** Each file once, under the sha256 of its bytes (the same bytes under two names count once), as the store keys them. */
async function readInputs(files: string[]): Promise<Map<DocumentId, InputFile>> {
  const inputs = new Map<DocumentId, InputFile>();
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    const id = DocumentId.parse(createHash('sha256').update(bytes).digest('hex'));
    if (!inputs.has(id)) inputs.set(id, { file, bytes });
  }
  return inputs;
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
