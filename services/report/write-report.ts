import type { Writable } from 'node:stream';
import type { ValidatedRecord } from '../../schemas/index.ts';
import { writeAll } from '../export/write-all.ts';
import { departmentReports, type ReportFilter } from './department-report.ts';
import { writeFindingsCsv } from './findings-csv.ts';
import { formatReportMarkdown } from './format-report-md.ts';

export type ReportFormat = 'md' | 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'csv', 'json'];

/**
 * The per-department report: Markdown for reading, JSON (the DepartmentReport schema) for tools, CSV as
 * every failed check and raised flag, one per row, for a spreadsheet.
 */
export async function writeReport(records: readonly ValidatedRecord[], format: ReportFormat, filter: ReportFilter, out: Writable): Promise<void> {
  if (format === 'csv') {
    const chosen = records.filter((v) => filter.fiscalYear === undefined || v.record.fiscalYear === filter.fiscalYear);
    await writeFindingsCsv(filter.department === undefined ? chosen : chosen.filter((v) => v.record.department === filter.department), out);
    return;
  }
  const reports = departmentReports(records, filter);
  await writeAll(out, [format === 'json' ? `${JSON.stringify(reports, null, 2)}\n` : formatReportMarkdown(reports)]);
}
