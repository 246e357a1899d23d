import type { CheckedTable, DocumentFindings, DocumentId, DocumentInfo, DocumentStatus, ValidatedRecord } from '../../schemas/index.ts';
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
  /**
   * A deliberate re-run (`--force`, `retry`): back to `received` with no error, note or failed pages, in a new
   * run (returned), so that jobs of the previous run can no longer move the document.
   */
  resetDocument: (id: DocumentId) => Promise<number>;
  listRecords: (filter?: RecordFilter) => Promise<ValidatedRecord[]>;
  /** A page of the records `listRecords` gives, in the same order, and how many there are in all. */
  pageRecords: (filter: RecordFilter, page: { limit: number; offset: number }) => Promise<{ records: ValidatedRecord[]; total: number }>;
  /** Department tables with their checks, in document and table order. */
  listTables: (filter?: RecordFilter) => Promise<CheckedTable[]>;
  /** Each document's own findings (its prose against its tables), in the order the documents were received. */
  listDocumentChecks: (filter?: RecordFilter) => Promise<DocumentFindings[]>;
  listDocuments: (filter?: { status?: DocumentStatus }) => Promise<DocumentInfo[]>;
  close: () => Promise<void>;
};
