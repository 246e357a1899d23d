import type { Writable } from 'node:stream';
import type { CheckedTable, ValidatedRecord } from '../../schemas/index.ts';
import { writeAll } from '../export/write-all.ts';
import { departmentReports, type ReportFilter } from './department-report.ts';
import { writeFindingsCsv } from './findings-csv.ts';
import { formatReportMarkdown } from './format-report-md.ts';
import { formatTablesMarkdown } from './format-tables-md.ts';

export type ReportFormat = 'md' | 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'csv', 'json'];

/**
 * The per-department report: Markdown for reading, JSON (the DepartmentReport schema) for tools, CSV as
 * every failed check and raised flag, one per row, for a spreadsheet. Department tables and their I8 findings
 * follow the forms in Markdown and CSV (JSON stays the forms' reports: `export --tables` has the tables).
 */
export async function writeReport(records: readonly ValidatedRecord[], format: ReportFormat, filter: ReportFilter, out: Writable, tables: readonly CheckedTable[] = []): Promise<void> {
  const chosenTables = tables.filter(({ table: t }) =>
    (filter.fiscalYear === undefined || t.fiscalYear === filter.fiscalYear) && (filter.department === undefined || t.department === filter.department));
  if (format === 'csv') {
    const chosen = records.filter((v) => filter.fiscalYear === undefined || v.record.fiscalYear === filter.fiscalYear);
    await writeFindingsCsv(filter.department === undefined ? chosen : chosen.filter((v) => v.record.department === filter.department), out, chosenTables);
    return;
  }
  const reports = departmentReports(records, filter);
  if (format === 'json') await writeAll(out, [`${JSON.stringify(reports, null, 2)}\n`]);
  else await writeAll(out, [reports.length || !chosenTables.length ? formatReportMarkdown(reports) : '', formatTablesMarkdown(chosenTables)]);
}
