import { machineLine } from './bench-machine.ts';
import { formatTable } from '../../services/cli/summary-table.ts';
import type { BenchResults } from './bench-results.ts';
import { formatOcrReport } from './format-ocr-report.ts';
import type { Summary } from './summarize.ts';

const f1 = (n: number) => n.toFixed(1);
const range = (s: Summary) => `${f1(s.min)}–${f1(s.max)}`;
/** Pass times, the first few and the last when there are many (`--passes 100` for the memory figure). */
const seconds = (ms: readonly number[]) => {
  const shown = ms.length > 6 ? [...ms.slice(0, 5), ms.at(-1)!] : ms;
  return shown.map((m) => (m / 1000).toFixed(2)).join(' ').replace(/ (\S+)$/, ms.length > 6 ? ' … $1' : ' $1');
};
const STAGE_LABEL = { extract: 'extract', normalize: 'normalize', validate: 'validate+store' } as const;

/** The run as plain text for a CI log: a header that says where it ran, then one table per comparison. */
export function formatReport(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`jixiao bench, ${r.startedAt}`);
  out.push(machineLine(m));
  out.push(`born-digital: ${r.files.length} files, ${r.pages} pages: ${r.files.map((x) => `${x.file} (${x.pages})`).join(', ')}`);
  if (r.ocr) out.push(`read by OCR: ${r.ocr.files.map((x) => `${x.file} (${x.ocrPages} of its pages)`).join(', ')}`);
  for (const s of r.skipped) out.push(`skipped ${s.file}: failed at ${s.stage}: ${s.error.split('\n')[0]}`);
  out.push(`each figure: median and range of ${r.passes} timed passes after 1 warm-up pass`, '');

  const st = r.stages;
  if (st) {
    out.push('born-digital documents, jixiao all stages (extract processes → normalize → validate → PGlite in a temporary data directory)');
    out.push(formatTable(
      ['concurrency', 'pages/s', 'range', 'pass seconds', 'peak RSS, sampled'],
      r.pipeline.map((p) => [String(p.concurrency), f1(p.pagesPerSecond.median), range(p.pagesPerSecond), seconds(p.passMs), `${f1(p.peakRssMiB)} MiB`]),
    ));
    for (const p of r.pipeline) {
      const after = p.rssAfterPassMiB;
      if (after.length >= 2) {
        out.push(`bench process RSS (store, normalize, validate) at concurrency ${p.concurrency}: ${f1(after[0]!)} MiB after the first pass, ${f1(after.at(-1)!)} MiB after the last, ${p.documents} documents in all`);
      }
    }
    out.push(`per stage: one pass, documents one by one through runStep, extract pool of ${st.concurrency} (${(st.totalMs / 1000).toFixed(2)} s, ${f1(r.pages / (st.totalMs / 1000))} pages/s)`);
    out.push(formatTable(
      ['stage', 'ms', 'ms/page', 'share', 'of which store calls'],
      st.split.map((s) => [STAGE_LABEL[s.stage], f1(s.ms), (s.ms / r.pages).toFixed(2), `${f1((100 * s.ms) / st.totalMs)}%`, `${f1(s.storeMs)} ms`]),
    ));
    out.push(`department tables and prose (read in normalize, checked in validate): ${f1(st.tablesMs)} ms, ${(st.tablesMs / r.pages).toFixed(2)} ms/page, ${f1((100 * st.tablesMs) / st.totalMs)}% of a document's processing`);
  } else {
    out.push('no born-digital document among the inputs: pages/s and the pdftotext comparison skipped');
  }

  const pt = r.pdftotext;
  if (st && pt.available) {
    out.push(`pdftotext -layout (poppler ${pt.version}), one process per file, text to /dev/null`);
    out.push(formatTable(
      ['processes at once', 'pages/s', 'range', 'pass seconds'],
      pt.runs.map((p) => [String(p.parallel), f1(p.pagesPerSecond.median), range(p.pagesPerSecond), seconds(p.passMs)]),
    ));
    out.push(`jixiao/pdftotext pages/s: ${r.ratios.map((x) => `${x.ratio.toFixed(3)} at ${x.concurrency} in flight`).join(', ')}`);
  } else if (st && !pt.available) {
    out.push(`pdftotext comparison skipped: ${pt.reason}; install it with: ${pt.install}`);
  }

  if (r.ocr) out.push('', ...formatOcrReport(r.ocr));

  const mem = r.memory;
  out.push('', `memory: peak RSS of the bench process alone ${f1(mem.maxRssMiB)} MiB (resourceUsage().maxRSS; extraction runs in child processes, counted in the sampled peaks above)`);
  out.push(mem.rssBeforeExtractMiB === null
    ? `        RSS before the born-digital section ${f1(mem.rssBeforeStoreMiB)} MiB (no store opened: no born-digital document)`
    : `        RSS before the born-digital section ${f1(mem.rssBeforeStoreMiB)} MiB; after PGlite opened (a new data directory) and the files were stored, before any extract process, ${f1(mem.rssBeforeExtractMiB)} MiB`);
  return out.join('\n') + '\n';
}
