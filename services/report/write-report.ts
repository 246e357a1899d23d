import type { Writable } from 'node:stream';
import type { CheckedTable, DocumentFindings, ValidatedRecord } from '../../schemas/index.ts';
import { checkAcrossDocuments } from '../../workers/validate/across/check-across.ts';
import { writeAll } from '../export/write-all.ts';
import { departmentReports, type ReportFilter } from './department-report.ts';
import { writeFindingsCsv } from './findings-csv.ts';
import { formatReportMarkdown } from './format-report-md.ts';
import { formatTablesMarkdown } from './format-tables-md.ts';

export type ReportFormat = 'md' | 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'csv', 'json'];

/**
 * The per-department report: Markdown for reading, JSON (the DepartmentReport schema) for tools, CSV as
 * every failed check and raised flag, one per row, for a spreadsheet. Each department-year gathers its forms, its
 * department tables' I8 and its documents' prose checks (I8.prose.*); Markdown then lists each file's tables
 * (`export --tables` has their cells).
 */
export async function writeReport(
  records: readonly ValidatedRecord[],
  format: ReportFormat,
  filter: ReportFilter,
  out: Writable,
  tables: readonly CheckedTable[] = [],
  checks: readonly DocumentFindings[] = [],
): Promise<void> {
  const chosen = <T>(year: number | null, department: string | null, item: T): T[] =>
    (filter.fiscalYear === undefined || year === filter.fiscalYear) && (filter.department === undefined || department === filter.department) ? [item] : [];
  const chosenTables = tables.flatMap((t) => chosen(t.table.fiscalYear, t.table.department, t));
  const chosenChecks = checks.flatMap((c) => chosen(c.subject.fiscalYear, c.subject.department, c));
  if (format === 'csv') {
    const forms = records.filter((v) => filter.fiscalYear === undefined || v.record.fiscalYear === filter.fiscalYear);
    const across = checkAcrossDocuments(records, tables, checks).flatMap((a) => chosen(a.fiscalYear, a.department, a));
    await writeFindingsCsv(filter.department === undefined ? forms : forms.filter((v) => v.record.department === filter.department), out, chosenTables, chosenChecks, across);
    return;
  }
  const reports = departmentReports(records, filter, { tables: chosenTables, checks: chosenChecks });
  if (format === 'json') await writeAll(out, [`${JSON.stringify(reports, null, 2)}\n`]);
  else await writeAll(out, [formatReportMarkdown(reports), formatTablesMarkdown(chosenTables)]);
}
