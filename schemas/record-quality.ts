import { z } from 'zod';

/**
 * How sure the extraction is of one record, kept apart from the compliance findings (what is wrong in the
 * form itself): a low score says "check the reading before trusting a finding", not "the form is wrong".
 */
export const RecordQuality = z.object({
  /** 0–1: the product of the factors below; 1 for a clean born-digital reading. */
  score: z.number().min(0).max(1),
  level: z.enum(['high', 'medium', 'low']),
  /** Values read by OCR, their mean confidence (null when none) and how many fell under the low mark. */
  ocr: z.object({ values: z.int().nonnegative(), meanConfidence: z.number().min(0).max(1).nullable(), lowConfidence: z.int().nonnegative() }),
  /** Number cells a form of this type must print, and how many of them came out empty or unreadable. */
  cells: z.object({ expected: z.int().nonnegative(), missing: z.int().nonnegative(), unreadable: z.int().nonnegative() }),
  /** Arithmetic checks that ran vs could not run for want of a value. */
  checks: z.object({ run: z.int().nonnegative(), skipped: z.int().nonnegative() }),
  /** Extraction problems recorded on the record (repairs, lost cells, doubtful readings). */
  problems: z.int().nonnegative(),
  /** The reasons the score is below 1, most costly first. */
  reasons: z.array(z.string()),
});
export type RecordQuality = z.infer<typeof RecordQuality>;
