import type { StageName } from '../../schemas/index.ts';
import type { Summary } from './summarize.ts';

/** Everything one bench run measured; printed as text and, with --json, written as is. */
export type BenchResults = {
  startedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; platform: string; arch: string; totalMemMiB: number };
  files: { file: string; pages: number }[];
  skipped: { file: string; stage: StageName; error: string }[];
  pages: number;
  passes: number;
  pipeline: { concurrency: number; pagesPerSecond: Summary; passMs: number[]; peakRssMiB: number }[];
  stages: { concurrency: number; totalMs: number; split: { stage: StageName; ms: number; storeMs: number }[] };
  pdftotext:
    | { available: true; version: string; runs: { parallel: number; pagesPerSecond: Summary; passMs: number[] }[] }
    | { available: false; reason: string; install: string };
  /** jixiao median pages/s over pdftotext median pages/s, at the same number of documents in flight. */
  ratios: { concurrency: number; ratio: number }[];
  // The bench process as a whole: the extract threads and PGlite (WebAssembly) share its memory.
  memory: { rssBeforeStoreMiB: number; rssBeforeExtractMiB: number; maxRssMiB: number };
};
