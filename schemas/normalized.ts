import { z } from 'zod';
import { DepartmentTable } from './budget-table.ts';
import { FormRecord } from './form-record.ts';
import { DocumentSubject, ProseSentence } from './prose.ts';
import { BBox } from './geometry.ts';
import { Finding } from './validation.ts';
import { ValidatedRecord } from './validated-record.ts';

/**
 * What normalize makes of a document: its 绩效 forms as records and its department tables. An artifact stored
 * by an older jixiao is the bare array of records, read as a document without tables.
 */
/** A department table as the document's own contents page (目录) lists it. */
export const ContentsEntry = z.object({ title: z.string(), page: z.int().positive(), bbox: BBox });
export type ContentsEntry = z.infer<typeof ContentsEntry>;

export const NormalizedDocument = z.preprocess(
  (value) => (Array.isArray(value) ? { records: value, tables: [] } : value),
  z.object({
    records: z.array(FormRecord),
    tables: z.array(DepartmentTable),
    contents: z.array(ContentsEntry).default([]),
    /** The running text (说明, 概况, notes) as sentences with the figures they quote. */
    prose: z.array(ProseSentence).default([]),
    subject: DocumentSubject.default({ department: null, fiscalYear: null, stage: null }),
    /** Pages with nothing on them: no text, picture or drawing. */
    blankPages: z.array(z.int().positive()).default([]),
  }),
);
export type NormalizedDocument = z.infer<typeof NormalizedDocument>;

/**
 * A department table with its checks (I8): its own sums, and, on the document's first table, the equalities
 * between its tables (they belong to no one table).
 */
export const CheckedTable = z.object({ table: DepartmentTable, findings: z.array(Finding) });
export type CheckedTable = z.infer<typeof CheckedTable>;

/**
 * What a document says of itself (its subject, read from its title or else its tables) and the findings about it
 * as a whole: its prose against its tables (I8.prose.*), belonging to no one table or form.
 */
export const DocumentChecks = z.object({
  subject: DocumentSubject,
  findings: z.array(Finding),
  /** The sentences that quote figures, kept so the prose can be held against another document's tables (Jiangsu prints 说明 and 公开表 apart). */
  prose: z.array(ProseSentence).default([]),
});
export type DocumentChecks = z.infer<typeof DocumentChecks>;

/** `DocumentChecks` as stored and listed, with the document they are about. */
export const DocumentFindings = DocumentChecks.extend({ documentId: z.string(), file: z.string() });
export type DocumentFindings = z.infer<typeof DocumentFindings>;

export const ValidatedDocument = z.object({
  records: z.array(ValidatedRecord),
  tables: z.array(CheckedTable),
  document: DocumentChecks.default({ subject: { department: null, fiscalYear: null, stage: null }, findings: [], prose: [] }),
});
export type ValidatedDocument = z.infer<typeof ValidatedDocument>;
