import type { Writable } from 'node:stream';
import type { ValidatedRecord } from '../../schemas/index.ts';
import { csvLine } from '../export/csv.ts';
import { writeAll } from '../export/write-all.ts';

export const FINDINGS_CSV_HEADER = [
  'department', 'fiscalYear', 'file', 'page', 'ordinal', 'projectName', 'kind', 'code', 'severity', 'message',
  'expected', 'printed', 'evidenceFields', 'evidencePages', 'qualityLevel',
] as const;

/**
 * Every failed check and raised flag as one CSV row, for a spreadsheet: what the report summarises,
 * without its cut-off. UTF-8 with BOM, CRLF, formula-looking text guarded, as the record export.
 */
export async function writeFindingsCsv(records: Iterable<ValidatedRecord>, out: Writable): Promise<number> {
  let count = 0;
  await writeAll(out, lines());
  return count;

  function* lines(): Generator<string> {
    yield `\uFEFF${csvLine(FINDINGS_CSV_HEADER, false)}`;
    for (const { record: r, findings, quality } of records) {
      for (const f of findings) {
        if (f.status !== 'fail') continue;
        count++;
        yield csvLine([
          r.department, r.fiscalYear, r.source.file, r.source.page, r.source.ordinal, r.projectName, f.kind, f.code, f.severity, f.message,
          f.expected, f.printed, f.evidence.map((e) => e.field).join(';'),
          [...new Set(f.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))].join(';'), quality.level,
        ], true);
      }
    }
  }
}
