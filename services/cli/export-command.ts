import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { writeCsv } from '../export/csv.ts';
import { writeJsonl } from '../export/jsonl.ts';
import { writeTablesCsv, writeTablesJsonl } from '../export/tables-export.ts';
import { reviewedRecords } from '../report/reviewed-records.ts';
import type { RecordFilter, Store } from '../store/store.ts';
import type { CliIo } from './ingest.ts';

export type ExportOptions = { format: 'jsonl' | 'csv'; out?: string; filter: RecordFilter; tables?: boolean };

/**
 * `jixiao export`: every stored record (or those of one department/year) as JSONL or CSV, to a file or stdout;
 * with `tables`, the department tables instead (contract/tables.md; CSV: one row per cell).
 */
export async function exportRecords(options: ExportOptions, store: Store, io: CliIo, stdout: Writable): Promise<number> {
  const out = options.out ? createWriteStream(options.out) : stdout;
  let count: number;
  if (options.tables) {
    const tables = await store.listTables(options.filter);
    count = options.format === 'csv' ? await writeTablesCsv(tables, out) : await writeTablesJsonl(tables, out);
  } else {
    const records = await reviewedRecords(store, options.filter);
    count = options.format === 'csv' ? await writeCsv(records, out) : await writeJsonl(records, out);
  }
  if (options.out) {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    io.stderr(`${count} ${options.tables ? 'tables' : 'records'} written to ${options.out}\n`);
  }
  return 0;
}
