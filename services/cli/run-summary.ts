import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { DocumentId } from '../../schemas/index.ts';
import { writeJsonl } from '../export/jsonl.ts';
import { reviewedDocuments } from '../report/reviewed-records.ts';
import type { Store } from '../store/store.ts';
import type { Entry } from './intake.ts';
import { formatTable } from './summary-table.ts';

export type CliIo = { stdout: (t: string) => void; stderr: (t: string) => void; tty: boolean };

export async function documentCounts(store: Store, id: DocumentId): Promise<{ pages: number; forms: number; flags: number }> {
  const [info, records] = await Promise.all([store.getDocument(id), store.listRecords({ documentId: id })]);
  const flags = records.reduce((n, r) => n + r.findings.filter((f) => f.status === 'fail').length, 0);
  return { pages: info?.pageCount ?? 0, forms: records.length, flags };
}

/** The end-of-run table, one row per file named; returns how many failed. */
export async function printSummary(store: Store, entries: Entry[], processed: number, io: CliIo): Promise<number> {
  const rows = await Promise.all(entries.map(async (entry): Promise<string[]> => {
    const name = path.basename(entry.file);
    if (!entry.id) return [name, 'unreadable', '', '', '', entry.reason ?? ''];
    const info = await store.getDocument(entry.id);
    const counts = await documentCounts(store, entry.id);
    const note = info?.error ?? (entry.state === 'stored' ? 'already in the store' : '');
    return [name, info?.status ?? '?', String(counts.pages), String(counts.forms), String(counts.flags), note.split('\n')[0]!];
  }));
  io.stdout(formatTable(['file', 'status', 'pages', 'forms', 'flags', 'note'], rows));
  const failed = rows.filter((r) => r[1] === 'failed' || r[1] === 'unreadable').length;
  const stored = entries.filter((e) => e.state === 'stored').length;
  io.stdout(`${entries.length} files: ${entries.length - failed} ok, ${failed} failed; ${processed} processed, ${stored} already in the store\n`);
  return failed;
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
