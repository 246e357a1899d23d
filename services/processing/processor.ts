import type { Queue } from 'bullmq';
import type { DocumentId, StageName } from '../../schemas/index.ts';

/**
 * What happens to a document the API stored: the embedded server runs the pipeline in its own process, one at
 * scale queues it for the workers. Either way the store says how far it got.
 */
export type DocumentProcessor = {
  /** Runs (or queues) each document from the stage it needs; returns at once. */
  submit: (work: ReadonlyMap<DocumentId, StageName>) => Promise<void>;
  /** Documents submitted and not finished, for shutdown and for tests. */
  pending: () => number;
  /** Lets the documents under way finish (or hands them back), then releases what it holds. */
  close: () => Promise<void>;
  /** At scale, the stage queues (the dashboard at /admin/queues shows them). */
  queues?: readonly Queue[];
};
