import type { z } from 'zod';
import type { CheckedTable, DocumentChecks, DocumentId, DocumentInfo, DocumentStatus, ExtractedDocument, StageName, ValidatedRecord } from '../schemas/index.ts';

/** Where stages read their input and write their output; the store implements it (PGlite or PostgreSQL). */
export type ArtifactStore = {
  readBytes: (id: DocumentId) => Promise<Uint8Array>;
  getDocument: (id: DocumentId) => Promise<DocumentInfo | null>;
  readArtifact: (id: DocumentId, stage: StageName) => Promise<unknown>;
  writeArtifact: (id: DocumentId, stage: StageName, data: unknown) => Promise<void>;
  saveRecords: (id: DocumentId, records: ValidatedRecord[]) => Promise<void>;
  /** Replaces the document's department tables (with their checks). */
  saveTables: (id: DocumentId, tables: CheckedTable[]) => Promise<void>;
  /** Replaces the document's own findings (its prose against its tables). */
  saveDocumentChecks: (id: DocumentId, checks: DocumentChecks) => Promise<void>;
  /**
   * Moves the document forward (received < extracted < normalized < validated; `failed` from anything but
   * validated) and says whether it did: a stale job finishing late cannot move a document back. With `run`,
   * only while the document is still in that run (see `DocumentInfo.run`). Going back is `resetDocument`.
   */
  setStatus: (id: DocumentId, status: DocumentStatus, patch?: StatusPatch, run?: number) => Promise<boolean>;
};

/** Facts stored with a status change; a field left out keeps its stored value. */
export type StatusPatch = { error?: string | null; pageCount?: number | null; pagesFailed?: number; note?: string | null };

/** PDF bytes → pages; in production a pool of worker threads with time and memory limits. */
export type PdfExtractor = (
  id: DocumentId,
  fileName: string,
  bytes: Uint8Array,
  onPage?: (page: number, pageCount: number) => void,
) => Promise<ExtractedDocument>;

export type Log = {
  info: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
  error: (fields: Record<string, unknown>, message: string) => void;
};

/** What a stage may touch besides its input. Built once per process; fakes in tests. */
export type StageDeps = {
  store: ArtifactStore;
  extractPdf: PdfExtractor;
  log: Log;
  /** Progress of the document being processed, for progress bars. */
  onPage?: (id: DocumentId, page: number, pageCount: number) => void;
  /** Aborted when the runner gives up on the step (time-out, shutdown). */
  signal?: AbortSignal;
};

/**
 * One step of the pipeline for one document.
 * - `load` fetches the stage's input from the store; `run` turns it into output; `save` stores it
 *   (the stage's artifact unless the stage says otherwise).
 * - Running a stage twice on the same document gives the same output and has no other effect.
 * - Throw `PermanentError` when retrying cannot help (bad input); any other error may be retried.
 */
export type Stage<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  name: StageName;
  input: I;
  output: O;
  load: (id: DocumentId, deps: StageDeps) => Promise<unknown>;
  run: (input: z.infer<I>, deps: StageDeps) => Promise<z.infer<O>>;
  save?: (id: DocumentId, output: z.infer<O>, deps: StageDeps) => Promise<void>;
  /** Facts about the document the stage learnt, stored with its status (the page count, for extract). */
  statusPatch?: (output: z.infer<O>) => StatusPatch;
};

export const defineStage = <I extends z.ZodType, O extends z.ZodType>(stage: Stage<I, O>): Stage<I, O> => stage;
