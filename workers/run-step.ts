import { z } from 'zod';
import type { DocumentId } from '../schemas/index.ts';
import { PermanentError } from './errors.ts';
import { statusAfter } from './pipeline.ts';
import type { Stage, StageDeps } from './stage.ts';
import { withDeadline } from './step-deadline.ts';

export type StepOptions = {
  /** The run the step belongs to (a queued job's); its status is stored only while the document is still in it. */
  run?: number;
  /** Deadline of the stage's `run` (not of loading and saving, which wait on the database). @default none */
  timeoutMs?: number;
};

/**
 * Runs one stage for one document: load → parse → run → parse → save → status. Shared by the in-process
 * and the queued runner, so both treat input, output and errors alike. Safe to repeat: `save` overwrites.
 * Returns whether the status applied: false when the document has moved on (a later stage, another run,
 * failed), so this step was stale and the next stage must not be queued for it.
 */
export async function runStep(stage: Stage, id: DocumentId, deps: StageDeps, options: StepOptions = {}): Promise<boolean> {
  const input = stage.input.safeParse(await stage.load(id, deps));
  if (!input.success) throw new PermanentError(`${stage.name}: input rejected\n${z.prettifyError(input.error)}`);
  const result = await withDeadline(options.timeoutMs, deps.signal, (signal) => stage.run(input.data, signal ? { ...deps, signal } : deps));
  const output = stage.output.safeParse(result);
  if (!output.success) throw new PermanentError(`${stage.name}: output rejected\n${z.prettifyError(output.error)}`);
  await (stage.save ? stage.save(id, output.data, deps) : deps.store.writeArtifact(id, stage.name, output.data));
  return deps.store.setStatus(id, statusAfter[stage.name], stage.statusPatch?.(output.data) ?? {}, options.run);
}
