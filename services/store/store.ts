import type { CrawlReport, CrawlUrlState, DocumentSource, CheckedTable, DocumentFindings, DocumentId, DocumentInfo, DocumentStatus, FindingEntry, FindingStatus, FormRecord, Severity, ValidatedRecord } from '../../schemas/index.ts';
import type { ArtifactStore } from '../../workers/stage.ts';

export type RecordFilter = {
  documentId?: DocumentId;
  department?: string;
  fiscalYear?: number;
};

/** Which stored findings of forms to list: a code matches itself and the codes under it (`I1` → `I1.total`). */
export type FindingFilter = RecordFilter & { code?: string; severity?: Severity; status?: FindingStatus };

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
  /**
   * The forms of one fiscal year (null: the forms that print none) without their findings or scores, in
   * `listRecords` order: what comparing forms needs, a fraction of the bytes.
   */
  /** The unit names forms, tables and documents print for a year, however many spellings one unit has. */
  departmentNames: (filter: { fiscalYear: number }) => Promise<string[]>;
  /** The fiscal years stored forms print, ascending, null (forms printing none) last. */
  formYears: () => Promise<(number | null)[]>;
  listForms: (filter: { fiscalYear: number | null }) => Promise<FormRecord[]>;
  /** A page of the findings stored on forms, in document, form and finding order. */
  pageFormFindings: (filter: FindingFilter, page: { limit: number; offset: number }) => Promise<FindingEntry[]>;
  /** How many findings stored on forms match. */
  countFormFindings: (filter: FindingFilter) => Promise<number>;
  /** Department tables with their checks, in document and table order. */
  listTables: (filter?: RecordFilter) => Promise<CheckedTable[]>;
  /** Each document's own findings (its prose against its tables), in the order the documents were received. */
  listDocumentChecks: (filter?: RecordFilter) => Promise<DocumentFindings[]>;
  /** Documents in the order they were received; by status, and by the unit or year of what was read from them. */
  listDocuments: (filter?: { status?: DocumentStatus; department?: string; fiscalYear?: number }) => Promise<DocumentInfo[]>;
  /**
   * A short text that changes whenever the store does (a document added, moved on, or run again; records saved):
   * what a server keys the results it keeps on.
   */
  changeStamp: () => Promise<string>;
  /** What a URL gave when it was last fetched (validators for a conditional GET, the document it held). */
  getCrawlUrl: (url: string) => Promise<CrawlUrlState | null>;
  saveCrawlUrl: (state: CrawlUrlState) => Promise<void>;
  /** Keeps where a document was found; the same URL again changes nothing. */
  addDocumentSource: (source: DocumentSource) => Promise<void>;
  listDocumentSources: (documentId: DocumentId) => Promise<DocumentSource[]>;
  saveCrawlReport: (report: CrawlReport) => Promise<void>;
  /** Crawl reports, newest first. */
  listCrawlReports: (filter: { source?: string; limit: number }) => Promise<CrawlReport[]>;
  close: () => Promise<void>;
};
