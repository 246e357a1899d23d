import { z } from 'zod';
import { DocumentId, DocumentStatus, StageName } from '../../schemas/index.ts';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** What `jixiao status --json` prints: one JSON object, for scripts and monitoring. */
export const StatusReport = z.object({
  /** Jobs per stage queue and state. */
  queues: z.record(StageName, z.record(z.enum(QUEUE_STATES), z.int().nonnegative())),
  /** Documents per status, every status present. */
  documents: z.record(DocumentStatus, z.int().nonnegative()),
  /** Every failed document, newest first, with its reason. */
  failed: z.array(z.object({ id: DocumentId, fileName: z.string(), error: z.string().nullable(), updatedAt: z.iso.datetime() })),
  /** Unfinished documents with no job queued: workers queue them again at their next sweep (or `jixiao retry`). */
  stuck: z.int().nonnegative(),
});
export type StatusReport = z.infer<typeof StatusReport>;
