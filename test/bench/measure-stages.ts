import type { DocumentId, StageName } from '../../schemas/index.ts';
import { pipeline } from '../../workers/pipeline.ts';
import { runStep } from '../../workers/run-step.ts';
import type { StageDeps } from '../../workers/stage.ts';
import { timedStore } from './timed-store.ts';

export type StageTime = { stage: StageName; ms: number; storeMs: number };

/**
 * One pass with each stage timed on its own: documents one at a time, stages in pipeline order, through
 * runStep as the runner calls it (load, parse, run, parse, save, status), so the parts add up to a pass.
 */
export async function measureStages(ids: DocumentId[], deps: StageDeps): Promise<StageTime[]> {
  const timed = timedStore(deps.store);
  const stepDeps: StageDeps = { ...deps, store: timed.store };
  const times = pipeline.map((s): StageTime => ({ stage: s.name, ms: 0, storeMs: 0 }));
  for (const id of ids) {
    for (const [i, stage] of pipeline.entries()) {
      timed.takeMs();
      const start = performance.now();
      await runStep(stage, id, stepDeps);
      times[i]!.ms += performance.now() - start;
      times[i]!.storeMs += timed.takeMs();
    }
  }
  return times;
}
