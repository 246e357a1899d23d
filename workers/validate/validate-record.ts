import type { FormRecord, ValidatedRecord } from '../../schemas/index.ts';
import { checks } from './checks.ts';
import { chooseReadings } from './choose-readings.ts';
import { flags } from './flags.ts';
import { scoringFlags } from './flags/scoring-flags.ts';
import { assessQuality } from './record-quality.ts';
import { recomputeScore } from './score/recompute-score.ts';

/**
 * Runs every check, then every flag; values are flagged, never fixed. An OCR'd cell the reader kept two readings
 * of is settled first, by the same checks (chooseReadings): that is reading what was printed, not correcting it.
 */
export function validateRecord(read: FormRecord): ValidatedRecord {
  const record = chooseReadings(read);
  const score = recomputeScore(record);
  const findings = [...[...checks, ...flags].flatMap((rule) => rule(record)), ...scoringFlags(record, score)];
  return { record, findings, score, quality: assessQuality(record, findings) };
}
