import { z } from 'zod';

/** sha256 of the document's bytes, lower-case hex: the same file always gets the same id. */
export const DocumentId = z.string().regex(/^[0-9a-f]{64}$/, 'a document id is the sha256 hex of its bytes');
export type DocumentId = z.infer<typeof DocumentId>;

export const DocumentStatus = z.enum(['received', 'extracted', 'normalized', 'validated', 'failed']);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

/** A document as the store knows it; its bytes live beside it in the store, never on a queue. */
export const DocumentInfo = z.object({
  id: DocumentId,
  fileName: z.string().min(1),
  byteSize: z.int().nonnegative(),
  pageCount: z.int().nonnegative().nullable(),
  status: DocumentStatus,
  /** Why the document failed, in words a user can act on (encrypted, damaged, not a PDF …). */
  error: z.string().nullable(),
  /** Pages that could not be read (extraction or OCR failed, too large, past the page limit): never dropped silently. */
  pagesFailed: z.int().nonnegative(),
  /** What a reader should know about a document that did not fail: which pages could not be read and why. */
  note: z.string().nullable(),
  /**
   * Bumped by every deliberate re-run (`--force`, `retry`). Queued jobs carry the run they belong to; a job
   * of an earlier run still going when the document was run again can no longer move or fail it.
   */
  run: z.int().nonnegative(),
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;
