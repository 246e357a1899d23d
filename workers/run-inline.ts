import type { DocumentId, StageName } from '../schemas/index.ts';
import { errorMessage, isFinal, isPermanent } from './errors.ts';
import { pipeline } from './pipeline.ts';
import { runStep } from './run-step.ts';
import type { StageDeps } from './stage.ts';

export type DocumentOutcome =
  | { id: DocumentId; ok: true }
  | { id: DocumentId; ok: false; stage: StageName; error: string };

export type InlineOptions = {
  /** Documents in flight at once. @default 2 */
  concurrency?: number;
  /** Tries per stage for errors that are not permanent (a time-out: two at most). @default 3 */
  attempts?: number;
  /** First retry delay; doubles each time. @default 500 */
  backoffMs?: number;
  /** Stage to start each document at (resuming a document a crashed run left half-done). @default 'extract' */
  startAt?: (id: DocumentId) => StageName;
  onDone?: (outcome: DocumentOutcome) => void | Promise<void>;
};

/**
 * The single-machine runner: documents through every stage in this process, a few at a time. A failure
 * is recorded on its document (status `failed`, with the reason) and never stops the other documents.
 */
export async function runInline(ids: DocumentId[], deps: StageDeps, options: InlineOptions = {}): Promise<DocumentOutcome[]> {
  const { concurrency = 2, attempts = 3, backoffMs = 500, startAt = () => 'extract', onDone } = options;
  const outcomes: DocumentOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const outcome = await runDocument(id, deps, startAt(id), attempts, backoffMs);
      outcomes.push(outcome);
      await onDone?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, lane));
  return outcomes;
}

async function runDocument(id: DocumentId, deps: StageDeps, from: StageName, attempts: number, backoffMs: number): Promise<DocumentOutcome> {
  for (const stage of pipeline.slice(Math.max(0, pipeline.findIndex((s) => s.name === from)))) {
    for (let attempt = 1; ; attempt++) {
      try {
        await runStep(stage, id, deps);
        break;
      } catch (error) {
        const message = errorMessage(error);
        if (isFinal(error, attempt, attempts)) {
          const reason = isPermanent(error) ? message : `${message} (after ${attempt} attempts)`;
          deps.log.warn({ documentId: id, stage: stage.name, error: reason }, 'document failed');
          await deps.store.setStatus(id, 'failed', { error: `${stage.name}: ${reason}` });
          return { id, ok: false, stage: stage.name, error: reason };
        }
        deps.log.info({ documentId: id, stage: stage.name, attempt, error: message }, 'retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
  return { id, ok: true };
}
