import { ExtractedDocument, type DocumentId, type StageName } from '../../schemas/index.ts';
import { layoutPage } from '../../workers/grid/page-layout.ts';
import { readProse } from '../../workers/normalize/prose/read-prose.ts';
import { readSubject } from '../../workers/normalize/prose/read-subject.ts';
import { readContents } from '../../workers/normalize/tables/contents.ts';
import { readTables } from '../../workers/normalize/tables/read-tables.ts';
import { withUnruledTables } from '../../workers/normalize/tables/unruled-tables.ts';
import { checkTables } from '../../workers/validate/department/check-tables.ts';
import { checkDocument } from '../../workers/validate/prose/check-document.ts';
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
 * What department tables and the prose add to a document's processing: each document's stored pages laid out
 * once (forms need that too), then timed alone: unruled tables found, tables, prose and subject read (normalize),
 * I8 and the prose checks run (validate).
 */
export async function measureTableReading(ids: DocumentId[], deps: StageDeps): Promise<number> {
  let ms = 0;
  for (const id of ids) {
    const doc = ExtractedDocument.parse(await deps.store.readArtifact(id, 'extract'));
    const layouts = doc.pages.map(layoutPage);
    const start = performance.now();
    const pages = withUnruledTables(layouts);
    const tables = readTables(pages, doc.fileName, doc.documentId);
    const contents = readContents(layouts);
    checkTables(tables, contents);
    checkDocument({ records: [], tables, contents, prose: readProse(pages), subject: readSubject(layouts), blankPages: [] });
    ms += performance.now() - start;
  }
  return ms;
}
