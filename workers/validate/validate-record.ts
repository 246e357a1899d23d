import type { FormRecord, ValidatedRecord } from '../../schemas/index.ts';
import { checks } from './checks.ts';
import { flags } from './flags.ts';
import { scoringFlags } from './flags/scoring-flags.ts';
import { assessQuality } from './record-quality.ts';
import { recomputeScore } from './score/recompute-score.ts';

/** Runs every check, then every flag; the record is passed through unchanged, values are flagged, never fixed. */
export function validateRecord(record: FormRecord): ValidatedRecord {
  const score = recomputeScore(record);
  const findings = [...[...checks, ...flags].flatMap((rule) => rule(record)), ...scoringFlags(record, score)];
  return { record, findings, score, quality: assessQuality(record, findings) };
}
