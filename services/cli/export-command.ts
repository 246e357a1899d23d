import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { writeCsv } from '../export/csv.ts';
import { writeJsonl } from '../export/jsonl.ts';
import { reviewedRecords } from '../report/reviewed-records.ts';
import type { RecordFilter, Store } from '../store/store.ts';
import type { CliIo } from './ingest.ts';

export type ExportOptions = { format: 'jsonl' | 'csv'; out?: string; filter: RecordFilter };

/** `jixiao export`: every stored record (or those of one department/year) as JSONL or CSV, to a file or stdout. */
export async function exportRecords(options: ExportOptions, store: Store, io: CliIo, stdout: Writable): Promise<number> {
  const records = await reviewedRecords(store, options.filter);
  const out = options.out ? createWriteStream(options.out) : stdout;
  const count = options.format === 'csv' ? await writeCsv(records, out) : await writeJsonl(records, out);
  if (options.out) {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    io.stderr(`${count} records written to ${options.out}\n`);
  }
  return 0;
}
