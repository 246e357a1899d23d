import type { FormRecord, ValidatedRecord } from '../../schemas/index.ts';
import { checks } from './checks.ts';
import { flags } from './flags.ts';

/** Runs every check, then every flag; the record is passed through unchanged, values are flagged, never fixed. */
export function validateRecord(record: FormRecord): ValidatedRecord {
  const findings = [...checks, ...flags].flatMap((rule) => rule(record));
  return { record, findings };
}
