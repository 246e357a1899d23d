import { z } from 'zod';
import { Finding } from './validation.ts';

/** A finding with what it is about: a form, a department table, a document's prose, or two documents together. */
export const FindingEntry = z.object({
  documentId: z.string(),
  file: z.string(),
  department: z.string().nullable(),
  fiscalYear: z.int().nullable(),
  source: z.enum(['form', 'table', 'document', 'across']),
  /** The form's or table's position in its document; null for the document's own and across findings. */
  ordinal: z.int().nullable(),
  /** The form's project, the table's number and title, or `说明`. */
  subject: z.string().nullable(),
  finding: Finding,
});
export type FindingEntry = z.infer<typeof FindingEntry>;
