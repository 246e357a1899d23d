import { treeRss } from '../fixtures/process-tree.ts';
import type { DocumentId } from '../../schemas/index.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import type { OcrEngineChoice } from '../../workers/extract/extract-messages.ts';
import { sampleRss } from './sample-rss.ts';

export type OcrDoc = { file: string; id: DocumentId; bytes: Uint8Array };
export type OcrPageTime = { file: string; page: number; reason: string; ms: number };
export type OcrRun = {
  engine: OcrEngineChoice;
  /** Every OCR'd page of the first pass over the documents, in order; the first includes loading the engine. */
  pages: OcrPageTime[];
  /** OCR'd pages so far and RSS of this process and its extraction process after each document, over the whole run. */
  rss: { ocrPages: number; rssMiB: number }[];
  ocrPages: number;
  wallMs: number;
  peakRssMiB: number;
};

const MiB = (bytes: number) => bytes / 2 ** 20;

/**
 * OCR documents one at a time through the product's extract pool (one process, so one page at a time),
 * again and again until at least `minOcrPages` pages were OCR'd: timings come from the first pass, the
 * RSS series from the whole run, so a leak shows as a slope. The pool recycles a process only after 200
 * documents, so a run of a few long documents measures one process' own growth.
 */
export async function measureOcr(docs: readonly OcrDoc[], engine: OcrEngineChoice, minOcrPages: number): Promise<OcrRun> {
  const pool = createExtractPool({ size: 1, ocrEngine: engine });
  const pages: OcrPageTime[] = [];
  const rss: OcrRun['rss'] = [];
  const peak = sampleRss(100);
  const start = performance.now();
  let ocrPages = 0;
  try {
    for (let pass = 0; pass === 0 || ocrPages < minOcrPages; pass++) {
      for (const doc of docs) {
        const extracted = await pool.extract(doc.id, doc.file, doc.bytes);
        const read = extracted.pages.flatMap((p) => (p.ocr ? [{ file: doc.file, page: p.number, reason: p.ocr.reason, ms: p.ocr.ms }] : []));
        if (!read.length && pass === 0) throw new Error(`${doc.file}: no page was OCR'd with ${engine}`);
        ocrPages += read.length;
        rss.push({ ocrPages, rssMiB: MiB(treeRss(process.pid)) });
        if (pass === 0) pages.push(...read);
        if (pass > 0 && ocrPages >= minOcrPages) break;
      }
    }
    return { engine, pages, rss, ocrPages, wallMs: performance.now() - start, peakRssMiB: MiB(peak.stop()) };
  } finally {
    await pool.close();
  }
}

/** Least-squares slope of RSS against OCR'd pages, in MiB per 100 pages, over the samples given. */
export function rssSlopePer100Pages(samples: readonly { ocrPages: number; rssMiB: number }[]): number | null {
  // Three points or fewer are noise (a collection pause moves one by 50 MiB), not a trend.
  if (samples.length < 4) return null;
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.ocrPages, 0) / n;
  const my = samples.reduce((s, p) => s + p.rssMiB, 0) / n;
  const sxx = samples.reduce((s, p) => s + (p.ocrPages - mx) ** 2, 0);
  if (sxx === 0) return null;
  const sxy = samples.reduce((s, p) => s + (p.ocrPages - mx) * (p.rssMiB - my), 0);
  return (100 * sxy) / sxx;
}
