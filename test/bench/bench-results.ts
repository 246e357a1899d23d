import type { BenchMachine } from './bench-machine.ts';
import type { StageName } from '../../schemas/index.ts';
import type { OcrEngineChoice } from '../../workers/extract/extract-messages.ts';
import type { Summary } from './summarize.ts';

/** One jixiao OCR engine over the OCR'd pages: ms per page (first page apart), and RSS over the run. */
export type OcrEngineRun = {
  engine: OcrEngineChoice;
  pages: number;
  firstPageMs: number;
  perPageMs: Summary;
  meanPageMs: number;
  /** OCR'd pages over the whole run (the documents are read again until `--ocr-pages`). */
  ocrPagesRun: number;
  wallMs: number;
  peakRssMiB: number;
  rss: { ocrPages: number; rssMiB: number }[];
  /** Least-squares growth after the first document; near 0 means flat. */
  rssSlopeMiBPer100Pages: number | null;
};

/** Everything one bench run measured; printed as text and, with --json, written as is. */
export type BenchResults = {
  startedAt: string;
  machine: BenchMachine;
  files: { file: string; pages: number }[];
  skipped: { file: string; stage: StageName; error: string }[];
  pages: number;
  passes: number;
  /** `rssAfterPassMiB`: the bench process (store, normalize, validate; extraction is in children) after each pass. */
  pipeline: { concurrency: number; pagesPerSecond: Summary; passMs: number[]; peakRssMiB: number; documents: number; rssAfterPassMiB: number[] }[];
  /** Born-digital documents only; null when the inputs hold none. */
  /** `tablesMs`: the department-table reader alone (part of normalize), on the same documents. */
  stages: { concurrency: number; totalMs: number; split: { stage: StageName; ms: number; storeMs: number }[]; tablesMs: number } | null;
  pdftotext:
    | { available: true; version: string; runs: { parallel: number; pagesPerSecond: Summary; passMs: number[] }[] }
    | { available: false; reason: string; install: string };
  /** Documents with pages jixiao OCRs, timed apart from the born-digital ones; null when none or skipped. */
  ocr: {
    files: { file: string; ocrPages: number }[];
    runs: OcrEngineRun[];
    native:
      | { available: true; version: string; pages: number; perPageMs: Summary; meanPageMs: number }
      | { available: false; reason: string; install: string };
    /** jixiao mean ms per OCR'd page over native Tesseract's on the same pages: below 1, jixiao is faster. */
    ratios: { engine: OcrEngineChoice; ratio: number }[];
  } | null;
  /** jixiao median pages/s over pdftotext median pages/s, at the same number of documents in flight. */
  ratios: { concurrency: number; ratio: number }[];
  // The bench process itself (PGlite, WebAssembly, lives in it); extraction runs in child processes.
  memory: { rssBeforeStoreMiB: number; rssBeforeExtractMiB: number | null; maxRssMiB: number };
};
