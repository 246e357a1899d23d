import { z } from 'zod';
import type { DocumentId } from '../schemas/index.ts';
import { PermanentError } from './errors.ts';
import { statusAfter } from './pipeline.ts';
import type { Stage, StageDeps } from './stage.ts';

/**
 * Runs one stage for one document: load → parse → run → parse → save → status. Shared by the in-process
 * and the queued runner, so both treat input, output and errors alike. Safe to repeat: `save` overwrites.
 */
export async function runStep(stage: Stage, id: DocumentId, deps: StageDeps): Promise<void> {
  const input = stage.input.safeParse(await stage.load(id, deps));
  if (!input.success) throw new PermanentError(`${stage.name}: input rejected\n${z.prettifyError(input.error)}`);
  const output = stage.output.safeParse(await stage.run(input.data, deps));
  if (!output.success) throw new PermanentError(`${stage.name}: output rejected\n${z.prettifyError(output.error)}`);
  await (stage.save ? stage.save(id, output.data, deps) : deps.store.writeArtifact(id, stage.name, output.data));
  await deps.store.setStatus(id, statusAfter[stage.name], stage.statusPatch?.(output.data) ?? {});
}
