import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DocumentId } from '../../schemas/index.ts';
import { createLog } from '../../services/log.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPglite } from '../../services/store/pglite.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import type { Store } from '../../services/store/store.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import type { StageDeps } from '../../workers/stage.ts';
import type { BenchResults } from './bench-results.ts';
import { measureStages, measureTableReading } from './measure-stages.ts';
import type { BenchArgs } from './parse-bench-args.ts';
import { runPipelinePass } from './run-pipeline-pass.ts';
import { sampleRss } from './sample-rss.ts';
import { pagesPerSecond, summarize } from './summarize.ts';

export type InputFile = { file: string; bytes: Uint8Array };
export type Doc = { file: string; id: DocumentId; pages: number };
export type PipelineSection = {
  docs: Doc[];
  skipped: BenchResults['skipped'];
  runs: BenchResults['pipeline'];
  stages: NonNullable<BenchResults['stages']>;
  /** Process RSS once PGlite (a temporary data directory) is open and the files are stored, before any extract thread. */
  rssBeforeExtract: number;
};

const MiB = (bytes: number) => bytes / 2 ** 20;

/**
 * Born-digital documents through every stage at each concurrency (a warm-up pass, then the timed passes),
 * on an embedded store in a temporary data directory, with one per-stage pass at the first level.
 */
export async function measurePipeline(inputs: ReadonlyMap<DocumentId, InputFile>, args: BenchArgs): Promise<PipelineSection> {
  // A data directory, as `jixiao ingest` keeps one (./data): the embedded store as users run it.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-'));
  const sql = await openPglite(dataDir);
  await migrate(sql);
  const store = createSqlStore(sql);
  // warn, as the CLI: a failing document says why on stderr, and info lines would be timed as work.
  const log = createLog('warn');
  try {
    for (const { file, bytes } of inputs.values()) await store.putDocument({ fileName: path.basename(file), bytes });
    const rssBeforeExtract = process.memoryUsage.rss();
    const skipped: BenchResults['skipped'] = [];
    const runs: BenchResults['pipeline'] = [];
    let docs: Doc[] = [];
    let stages: PipelineSection['stages'] | null = null;
    for (const [round, concurrency] of args.concurrency.entries()) {
      process.stderr.write(`jixiao, concurrency ${concurrency}: warm-up + ${args.passes} passes…\n`);
      // A fresh pool per level, so concurrency 2 has two warm threads and concurrency 1 never borrows one.
      const pool = createExtractPool({ size: concurrency });
      const deps: StageDeps = { store, log, extractPdf: pool.extract };
      try {
        const warm = await runPipelinePass(round === 0 ? [...inputs.keys()] : docs.map((d) => d.id), deps, concurrency);
        if (round === 0) {
          // Documents jixiao cannot read (broken files) are left out of both sides of the comparison.
          for (const f of warm.failed) skipped.push({ file: inputs.get(f.id)!.file, stage: f.stage, error: f.error });
          docs = await pageCounts(store, inputs, new Set(warm.failed.map((f) => f.id)));
          if (!docs.length) throw new Error('every born-digital document failed in the warm-up pass; nothing to measure');
        } else assertAllOk(warm.failed);

        const ids = docs.map((d) => d.id);
        const pages = docs.reduce((n, d) => n + d.pages, 0);
        const passMs: number[] = [];
        const rssAfterPassMiB: number[] = [];
        const rss = sampleRss();
        for (let i = 0; i < args.passes; i++) {
          const pass = await runPipelinePass(ids, deps, concurrency);
          assertAllOk(pass.failed);
          passMs.push(pass.ms);
          rssAfterPassMiB.push(MiB(process.memoryUsage.rss()));
        }
        runs.push({ concurrency, pagesPerSecond: summarize(pagesPerSecond(pages, passMs)), passMs, peakRssMiB: MiB(rss.stop()), documents: ids.length * args.passes, rssAfterPassMiB });

        if (round === 0) {
          process.stderr.write('jixiao: per-stage pass…\n');
          const split = await measureStages(ids, deps);
          stages = { concurrency, totalMs: split.reduce((n, s) => n + s.ms, 0), split, tablesMs: await measureTableReading(ids, deps) };
        }
      } finally {
        await pool.close();
      }
    }
    return { docs, skipped, runs, stages: stages!, rssBeforeExtract };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Page counts as jixiao's extract stage recorded them, the same count for both tools. */
async function pageCounts(store: Store, inputs: ReadonlyMap<DocumentId, InputFile>, failed: Set<DocumentId>): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const [id, { file }] of inputs) {
    if (failed.has(id)) continue;
    const info = await store.getDocument(id);
    docs.push({ file, id, pages: info?.pageCount ?? 0 });
  }
  return docs;
}

function assertAllOk(failed: { id: DocumentId; stage: string; error: string }[]): void {
  if (failed.length) throw new Error(`a document that passed the warm-up failed later: ${failed.map((f) => `${f.id.slice(0, 12)} at ${f.stage}: ${f.error}`).join('; ')}`);
}
