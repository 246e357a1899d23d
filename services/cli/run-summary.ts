import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { DocumentId } from '../../schemas/index.ts';
import { writeJsonl } from '../export/jsonl.ts';
import { reviewedDocuments } from '../report/reviewed-records.ts';
import type { Store } from '../store/store.ts';
import type { Entry } from './intake.ts';
import { formatTable } from './summary-table.ts';

export type CliIo = { stdout: (t: string) => void; stderr: (t: string) => void; tty: boolean };

export async function documentCounts(store: Store, id: DocumentId): Promise<{ pages: number; pagesFailed: number; forms: number; tables: number; flags: number }> {
  const [info, records, tables] = await Promise.all([store.getDocument(id), store.listRecords({ documentId: id }), store.listTables({ documentId: id })]);
  const flags = [...records, ...tables].reduce((n, r) => n + r.findings.filter((f) => f.status === 'fail').length, 0);
  return { pages: info?.pageCount ?? 0, pagesFailed: info?.pagesFailed ?? 0, forms: records.length, tables: tables.length, flags };
}

/**
 * The end-of-run table, one row per file named; returns how many did not come through whole: failed,
 * unreadable, or validated with pages that could not be read (the note says which and why).
 */
export async function printSummary(store: Store, entries: Entry[], processed: number, io: CliIo): Promise<number> {
  let failed = 0, incomplete = 0;
  const rows = await Promise.all(entries.map(async (entry): Promise<string[]> => {
    const name = path.basename(entry.file);
    if (!entry.id) {
      failed++;
      return [name, 'unreadable', '', '', '', '', entry.reason ?? ''];
    }
    const info = await store.getDocument(entry.id);
    const counts = await documentCounts(store, entry.id);
    if (info?.status === 'failed') failed++;
    else if (info?.pagesFailed) incomplete++;
    const note = info?.error ?? info?.note ?? (entry.state === 'stored' ? 'already in the store' : '');
    return [name, info?.status ?? '?', String(counts.pages), String(counts.forms), String(counts.tables), String(counts.flags), note.split('\n')[0]!];
  }));
  io.stdout(formatTable(['file', 'status', 'pages', 'forms', 'tables', 'flags', 'note'], rows));
  const stored = entries.filter((e) => e.state === 'stored').length;
  const partly = incomplete ? `, ${incomplete} with pages not read` : '';
  io.stdout(`${entries.length} files: ${entries.length - failed - incomplete} ok${partly}, ${failed} failed; ${processed} processed, ${stored} already in the store\n`);
  return failed + incomplete;
}

/**
 * Writes the records of the given documents as JSONL (the interchange format) to a file, with the flags
 * that compare them with the stored forms of the same years (another document's twin project, its 绩效目标表).
 */
export async function exportDocuments(store: Store, ids: DocumentId[], out: string, io: CliIo): Promise<void> {
  const stream = createWriteStream(out);
  const count = await writeJsonl(await reviewedDocuments(store, ids), stream);
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  io.stdout(`${count} records written to ${out}\n`);
}
