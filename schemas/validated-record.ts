import { z } from 'zod';
import { FormRecord } from './form-record.ts';
import { RecordQuality } from './record-quality.ts';
import { ScoreRecomputation } from './score-recomputation.ts';
import { Finding } from './validation.ts';

/**
 * A record with what validation says of it: compliance findings (the form's own arithmetic and what a
 * reviewer should look at), its score under the official rules, and, apart from both, how sure the
 * extraction is (`quality`).
 */
export const ValidatedRecord = z.object({
  record: FormRecord,
  findings: z.array(Finding),
  score: ScoreRecomputation,
  quality: RecordQuality,
});
export type ValidatedRecord = z.infer<typeof ValidatedRecord>;
