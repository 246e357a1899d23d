import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ReportFilter } from '../report/department-report.ts';
import { reviewedRecords } from '../report/reviewed-records.ts';
import { writeReport, type ReportFormat } from '../report/write-report.ts';
import type { Store } from '../store/store.ts';
import type { CliIo } from './run-summary.ts';

export type ReportOptions = { format: ReportFormat; out?: string; filter: ReportFilter };

/** `jixiao report`: per department and year (forms, tables, prose), then each file's tables, from the store, to a file or stdout. */
export async function reportCommand(options: ReportOptions, store: Store, io: CliIo, stdout: Writable): Promise<number> {
  const records = await reviewedRecords(store, { fiscalYear: options.filter.fiscalYear });
  const tables = await store.listTables({ fiscalYear: options.filter.fiscalYear });
  const checks = await store.listDocumentChecks({ fiscalYear: options.filter.fiscalYear });
  if (!records.length && !tables.length) io.stderr('the store holds no records for this selection; run `jixiao ingest` first\n');
  const out = options.out ? createWriteStream(options.out) : stdout;
  await writeReport(records, options.format, options.filter, out, tables, checks);
  if (options.out) {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    io.stderr(`report written to ${options.out}\n`);
  }
  return 0;
}
