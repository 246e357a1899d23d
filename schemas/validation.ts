import { z } from 'zod';
import { BBox } from './geometry.ts';
import { FormRecord } from './form-record.ts';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** A cell that proves a finding: the field it fed, where it is printed and what it says. */
export const Evidence = z.object({
  field: z.string(),
  page: z.int().positive().nullable(),
  bbox: BBox.nullable(),
  printed: z.string().nullable(),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * The outcome of one check (I1–I8 arithmetic) or flag on one record. `fail` means the form itself is
 * wrong or suspicious; `skipped` means the check could not run (a value missing or unreadable).
 */
export const Finding = z.object({
  code: z.string(),
  kind: z.enum(['check', 'flag']),
  status: z.enum(['pass', 'fail', 'skipped']),
  severity: Severity,
  message: z.string(),
  expected: z.string().nullable(),
  printed: z.string().nullable(),
  evidence: z.array(Evidence),
});
export type Finding = z.infer<typeof Finding>;

export const ValidatedRecord = z.object({
  record: FormRecord,
  findings: z.array(Finding),
});
export type ValidatedRecord = z.infer<typeof ValidatedRecord>;
