import type { DocumentId } from '../../schemas/index.ts';
import type { BenchResults, OcrEngineRun } from './bench-results.ts';
import type { OcrPagePlan } from './find-ocr-pages.ts';
import { findNativeTesseract, INSTALL_TESSERACT, timeNativeTesseract } from './measure-native-tesseract.ts';
import { measureOcr, rssSlopePer100Pages } from './measure-ocr.ts';
import type { BenchArgs } from './parse-bench-args.ts';
import { summarize } from './summarize.ts';

type OcrInput = { id: DocumentId; file: string; bytes: Uint8Array; plan: OcrPagePlan[] };
const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * OCR speed per page with each jixiao engine beside native Tesseract on the same rendered pages, and
 * jixiao's RSS over a run of at least `--ocr-pages` OCR'd pages.
 */
export async function benchOcr(docs: readonly OcrInput[], args: BenchArgs): Promise<NonNullable<BenchResults['ocr']>> {
  const runs: OcrEngineRun[] = [];
  for (const engine of args.ocrEngines) {
    process.stderr.write(`jixiao OCR with ${engine}: ${docs.reduce((n, d) => n + d.plan.length, 0)} pages, run to ≥ ${args.ocrPages} OCR'd pages…\n`);
    const run = await measureOcr(docs, engine, args.ocrPages);
    // The process' first page loads the engine; it is shown apart so the per-page figures are steady state.
    const [first, ...rest] = run.pages.map((p) => p.ms);
    const steady = rest.length ? rest : [first!];
    const warm = run.rss.slice(1);
    runs.push({
      engine,
      pages: run.pages.length,
      firstPageMs: first!,
      perPageMs: summarize(steady),
      meanPageMs: mean(steady),
      ocrPagesRun: run.ocrPages,
      wallMs: run.wallMs,
      peakRssMiB: run.peakRssMiB,
      rss: run.rss,
      rssSlopeMiBPer100Pages: rssSlopePer100Pages(warm),
    });
  }

  const found = findNativeTesseract();
  let native: NonNullable<BenchResults['ocr']>['native'];
  if (found.available) {
    const refs = docs.flatMap((d) => d.plan.map((p) => ({ file: d.file, bytes: d.bytes, page: p.page, scale: p.scale })));
    process.stderr.write(`native tesseract ${found.version}: ${refs.length} pages, one thread…\n`);
    const ms = await timeNativeTesseract(refs);
    native = { available: true, version: found.version, pages: ms.length, perPageMs: summarize(ms), meanPageMs: mean(ms) };
  } else {
    process.stderr.write(`native tesseract: skipped (${found.reason}); install it with: ${INSTALL_TESSERACT}\n`);
    native = { available: false, reason: found.reason, install: INSTALL_TESSERACT };
  }
  return {
    files: docs.map((d) => ({ file: d.file, ocrPages: d.plan.length })),
    runs,
    native,
    ratios: native.available ? runs.map((r) => ({ engine: r.engine, ratio: r.meanPageMs / native.meanPageMs })) : [],
  };
}
