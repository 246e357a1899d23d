import type { Writable } from 'node:stream';
import type { CheckedTable, DocumentFindings, ValidatedRecord } from '../../schemas/index.ts';
import type { AcrossFinding } from '../../workers/validate/across/check-across.ts';
import { csvLine } from '../export/csv.ts';
import { writeAll } from '../export/write-all.ts';

export const FINDINGS_CSV_HEADER = [
  'department', 'fiscalYear', 'file', 'page', 'ordinal', 'projectName', 'kind', 'code', 'severity', 'message',
  'expected', 'printed', 'evidenceFields', 'evidencePages', 'qualityLevel',
] as const;

/**
 * Every failed check and raised flag as one CSV row (the forms', the department tables', the prose's), for a spreadsheet: what the report summarises,
 * without its cut-off. UTF-8 with BOM, CRLF, formula-looking text guarded, as the record export.
 */
export async function writeFindingsCsv(
  records: Iterable<ValidatedRecord>,
  out: Writable,
  tables: Iterable<CheckedTable> = [],
  checks: Iterable<DocumentFindings> = [],
  across: Iterable<AcrossFinding> = [],
): Promise<number> {
  let count = 0;
  await writeAll(out, (function* () {
    yield `\uFEFF${csvLine(FINDINGS_CSV_HEADER, false)}`;
    for (const row of findingRows(records, tables, checks, across)) {
      count++;
      yield csvLine(row, true);
    }
  })());
  return count;
}

type Cell = string | number | null;

/** One row per failed check or raised flag, FINDINGS_CSV_HEADER's columns: what the CSV and XLSX exports write. */
export function* findingRows(
  records: Iterable<ValidatedRecord>,
  tables: Iterable<CheckedTable> = [],
  checks: Iterable<DocumentFindings> = [],
  across: Iterable<AcrossFinding> = [],
): Generator<Cell[]> {
  for (const { record: r, findings, quality } of records) {
    for (const f of findings) {
      if (f.status !== 'fail') continue;
      yield [
        r.department, r.fiscalYear, r.source.file, r.source.page, r.source.ordinal, r.projectName, f.kind, f.code, f.severity, f.message,
        f.expected, f.printed, f.evidence.map((e) => e.field).join(';'),
        [...new Set(f.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))].join(';'), quality.level,
      ];
    }
  }
  // Department tables (I8): the table stands where a form's project would, `表2 收入预算总表`.
  for (const { table: t, findings } of tables) {
    for (const f of findings) {
      if (f.status !== 'fail') continue;
      const pages = [...new Set(f.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))];
      yield [
        t.department, t.fiscalYear, t.source.file, pages[0] ?? t.source.page, t.source.ordinal, `${t.tableNo} ${t.title}`.trim(), f.kind, f.code, f.severity,
        f.message, f.expected, f.printed, f.evidence.map((e) => e.field).join(';'), pages.join(';'), null,
      ];
    }
  }
  // The prose (I8.prose.*) and across documents: `说明` stands where the project would, the quoted sentence ends the message.
  const documentFindings = [
    ...[...checks].flatMap(({ file, subject, findings }) => findings.map((f) => ({ file, department: subject.department, fiscalYear: subject.fiscalYear, f }))),
    ...[...across].map(({ file, department, fiscalYear, finding }) => ({ file, department, fiscalYear, f: finding })),
  ];
  for (const { file, department, fiscalYear, f } of documentFindings) {
    if (f.status !== 'fail') continue;
    const pages = [...new Set(f.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))];
    const quote = f.evidence.find((e) => e.field === 'prose')?.printed;
    // A project finding is about a form: its name stands where the project would.
    const form = f.evidence.find((e) => e.form)?.form;
    yield [
      department, fiscalYear, file, pages[0] ?? null, form?.ordinal ?? null, form ? null : '说明', f.kind, f.code, f.severity,
      quote ? `${f.message} «${quote}»` : f.message, f.expected, f.printed, f.evidence.map((e) => e.field).join(';'), pages.join(';'), null,
    ];
  }
}
