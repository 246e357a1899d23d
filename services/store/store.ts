import type { DocumentId, DocumentInfo, DocumentStatus, ValidatedRecord } from '../../schemas/index.ts';
import type { ArtifactStore } from '../../workers/stage.ts';

export type RecordFilter = {
  documentId?: DocumentId;
  department?: string;
  fiscalYear?: number;
};

/** Everything the pipeline keeps: documents with their bytes, stage artifacts, validated records. */
export type Store = ArtifactStore & {
  /** Stores the bytes under their sha256; a second put of the same bytes changes nothing (`created: false`). */
  putDocument: (input: { fileName: string; bytes: Uint8Array }) => Promise<{ info: DocumentInfo; created: boolean }>;
  setStatus: (id: DocumentId, status: DocumentStatus, patch?: { error?: string | null; pageCount?: number | null }) => Promise<void>;
  /** Replaces the document's records: saving twice leaves one copy. */
  saveRecords: (id: DocumentId, records: ValidatedRecord[]) => Promise<void>;
  listRecords: (filter?: RecordFilter) => Promise<ValidatedRecord[]>;
  listDocuments: (filter?: { status?: DocumentStatus }) => Promise<DocumentInfo[]>;
  close: () => Promise<void>;
};
