import type { DocumentId } from '../../schemas/index.ts';
import { runInline, type DocumentOutcome } from '../../workers/run-inline.ts';
import type { StageDeps } from '../../workers/stage.ts';

export type PipelinePass = { ms: number; failed: Extract<DocumentOutcome, { ok: false }>[] };

/**
 * One pass of the real runner over documents already in the store, from extract whatever their status,
 * so every stage runs again. One attempt: a retry's back-off would be timed as if it were work.
 */
export async function runPipelinePass(ids: DocumentId[], deps: StageDeps, concurrency: number): Promise<PipelinePass> {
  const start = performance.now();
  const outcomes = await runInline(ids, deps, { concurrency, attempts: 1, startAt: () => 'extract' });
  const ms = performance.now() - start;
  return { ms, failed: outcomes.flatMap((o) => (o.ok ? [] : [o])) };
}
