import { z } from 'zod';
import { BBox } from './geometry.ts';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** A cell that proves a finding: the field it fed, where it is printed and what it says. */
export const Evidence = z.object({
  field: z.string(),
  page: z.int().positive().nullable(),
  bbox: BBox.nullable(),
  printed: z.string().nullable(),
  /** Where the cell is in a file without pages (`表1!C14`, `table 3, row 5, cell 2`): see Provenance.ref. */
  ref: z.string().optional(),
  /** Set when the cell is in another form, or another document's table, than the one the finding is on (`ordinal` is then the table's). */
  form: z.object({ documentId: z.string(), file: z.string(), ordinal: z.int().positive() }).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * The outcome of one check (I1–I8 arithmetic) or flag on one record. `fail` means the form itself is
 * wrong or suspicious; `skipped` means the check could not run (a value missing or unreadable); `not-applicable` that the template
 * has nothing to check (a target form prints no scores), which says nothing about the extraction.
 */
export const FindingStatus = z.enum(['pass', 'fail', 'skipped', 'not-applicable']);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const Finding = z.object({
  code: z.string(),
  kind: z.enum(['check', 'flag']),
  status: FindingStatus,
  severity: Severity,
  message: z.string(),
  expected: z.string().nullable(),
  printed: z.string().nullable(),
  evidence: z.array(Evidence),
});
export type Finding = z.infer<typeof Finding>;
