import { ExtractedDocument, type DocumentId, type StageName } from '../../schemas/index.ts';
import { layoutPage } from '../../workers/grid/page-layout.ts';
import { readTables } from '../../workers/normalize/tables/read-tables.ts';
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

/**
 * The department-table reader's part of normalize: each document's stored pages laid out once, then the
 * table reader alone timed on them, so the bench can say what tables add to a document's processing.
 */
export async function measureTableReading(ids: DocumentId[], deps: StageDeps): Promise<number> {
  let ms = 0;
  for (const id of ids) {
    const doc = ExtractedDocument.parse(await deps.store.readArtifact(id, 'extract'));
    const layouts = doc.pages.map(layoutPage);
    const start = performance.now();
    readTables(layouts, doc.fileName, doc.documentId);
    ms += performance.now() - start;
  }
  return ms;
}
