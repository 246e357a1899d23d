import { formatTable } from '../../services/cli/summary-table.ts';
import type { BenchResults } from './bench-results.ts';

const s2 = (ms: number) => (ms / 1000).toFixed(2);
const f1 = (n: number) => n.toFixed(1);
/** One thread a reader: a core reads 1000 / mean ms pages a second. */
const perCore = (meanMs: number) => (1000 / meanMs).toFixed(2);

/** The OCR section: seconds per page beside native Tesseract, then memory over the run. */
export function formatOcrReport(ocr: NonNullable<BenchResults['ocr']>): string[] {
  const out: string[] = [];
  const rows = ocr.runs.map((r) => [
    `jixiao ${r.engine}, cell by cell`, String(r.pages), s2(r.meanPageMs), s2(r.perPageMs.median), `${s2(r.perPageMs.min)}–${s2(r.perPageMs.max)}`, s2(r.firstPageMs), perCore(r.meanPageMs),
  ]);
  const native = ocr.native;
  if (native.available) {
    rows.push([`tesseract ${native.version} CLI, whole page`, String(native.pages), s2(native.meanPageMs), s2(native.perPageMs.median), `${s2(native.perPageMs.min)}–${s2(native.perPageMs.max)}`, '—', perCore(native.meanPageMs)]);
  }
  out.push('OCR, seconds per OCR\'d page, one thread each (jixiao: render + table-aware OCR, first page of the thread apart as it loads the engine; native: a process per page on the same rendering)');
  out.push(formatTable(['reader', 'pages', 'mean s', 'median s', 'range s', 'first page s', 'pages/s per core'], rows));
  if (native.available) out.push(`jixiao/native tesseract time per page: ${ocr.ratios.map((r) => `${r.ratio.toFixed(2)} with ${r.engine}`).join(', ')} (below 1: jixiao is faster)`);
  else out.push(`native tesseract comparison skipped: ${native.reason}; install it with: ${native.install}`);

  out.push('', 'OCR memory: process RSS after each document, the documents read again until the page count');
  out.push(formatTable(
    ['engine', 'OCR\'d pages', 'wall s', 'RSS after 1st doc', 'RSS at end', 'peak RSS', 'growth after 1st doc'],
    ocr.runs.map((r) => {
      const first = r.rss[0], last = r.rss.at(-1);
      return [
        r.engine, String(r.ocrPagesRun), s2(r.wallMs),
        first ? `${f1(first.rssMiB)} MiB` : '—', last ? `${f1(last.rssMiB)} MiB` : '—', `${f1(r.peakRssMiB)} MiB`,
        r.rssSlopeMiBPer100Pages === null ? 'too few documents' : `${f1(r.rssSlopeMiBPer100Pages)} MiB/100 pages`,
      ];
    }),
  ));
  return out;
}
