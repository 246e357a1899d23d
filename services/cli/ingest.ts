import { readFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { DocumentId, DocumentInfo, StageName } from '../../schemas/index.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import { runInline } from '../../workers/run-inline.ts';
import type { Log } from '../../workers/stage.ts';
import { writeJsonl } from '../export/jsonl.ts';
import type { Store } from '../store/store.ts';
import { collectFiles } from './collect-files.ts';
import { createProgress } from './progress.ts';
import { formatTable } from './summary-table.ts';

export type IngestOptions = { paths: string[]; out?: string; concurrency: number; force: boolean };
export type CliIo = { stdout: (t: string) => void; stderr: (t: string) => void; tty: boolean };

type Entry = { file: string; id?: DocumentId; state: 'new' | 'resumed' | 'stored' | 'unreadable'; reason?: string };

const RESUME: Record<DocumentInfo['status'], StageName | null> = {
  received: 'extract', failed: 'extract', extracted: 'normalize', normalized: 'validate', validated: null,
};

/**
 * `jixiao ingest`: stores every file (by content hash), runs the pipeline on those not yet done, prints a
 * summary and optionally exports the run's records. Returns the exit code: 0, or 2 when a document failed.
 */
export async function ingest(options: IngestOptions, store: Store, log: Log, io: CliIo): Promise<number> {
  const { files, missing } = await collectFiles(options.paths);
  const entries: Entry[] = missing.map((file) => ({ file, state: 'unreadable', reason: 'no such file or folder' }));
  const startAt = new Map<DocumentId, StageName>();
  for (const file of files) {
    const bytes = await readFile(file).catch((e: Error) => e);
    if (bytes instanceof Error) {
      entries.push({ file, state: 'unreadable', reason: `cannot read: ${bytes.message}` });
      continue;
    }
    const { info, created } = await store.putDocument({ fileName: path.basename(file), bytes });
    const from = options.force ? 'extract' : RESUME[info.status];
    entries.push({ file, id: info.id, state: created ? 'new' : from ? 'resumed' : 'stored' });
    if (from && !startAt.has(info.id)) startAt.set(info.id, from);
  }

  const ids = [...startAt.keys()];
  const progress = createProgress(ids.length, io.tty, io.stderr);
  const pool = createExtractPool({ size: options.concurrency });
  const names = new Map(entries.filter((e) => e.id).map((e) => [e.id!, path.basename(e.file)]));
  try {
    await runInline(ids, { store, log, extractPdf: pool.extract, onPage: progress.page }, {
      concurrency: options.concurrency,
      startAt: (id) => startAt.get(id)!,
      onDone: async (outcome) => {
        const line = await describe(store, outcome.id);
        progress.done({ id: outcome.id, file: names.get(outcome.id) ?? outcome.id, ok: outcome.ok, ...line,
          detail: outcome.ok ? `${line.pages} pages, ${line.forms} forms, ${line.flags} flags` : `${outcome.stage}: ${outcome.error}` });
      },
    });
  } finally {
    progress.finish();
    await pool.close();
  }

  const rows = await Promise.all(entries.map((e) => summaryRow(store, e)));
  io.stdout(formatTable(['file', 'status', 'pages', 'forms', 'flags', 'note'], rows));
  const failed = rows.filter((r) => r[1] === 'failed' || r[1] === 'unreadable').length;
  io.stdout(`${entries.length} files: ${entries.length - failed} ok, ${failed} failed; ${ids.length} processed, ${entries.length - ids.length - missing.length} already in the store\n`);
  if (options.out) await exportRun(store, [...new Set(entries.flatMap((e) => (e.id ? [e.id] : [])))], options.out, io);
  return failed ? 2 : 0;
}

async function describe(store: Store, id: DocumentId): Promise<{ pages: number; forms: number; flags: number }> {
  const [info, records] = await Promise.all([store.getDocument(id), store.listRecords({ documentId: id })]);
  const flags = records.reduce((n, r) => n + r.findings.filter((f) => f.status === 'fail').length, 0);
  return { pages: info?.pageCount ?? 0, forms: records.length, flags };
}

async function summaryRow(store: Store, entry: Entry): Promise<string[]> {
  const name = path.basename(entry.file);
  if (!entry.id) return [name, 'unreadable', '', '', '', entry.reason ?? ''];
  const info = await store.getDocument(entry.id);
  const line = await describe(store, entry.id);
  const note = info?.error ?? (entry.state === 'stored' ? 'already in the store' : '');
  return [name, info?.status ?? '?', String(line.pages), String(line.forms), String(line.flags), note.split('\n')[0]!];
}

async function exportRun(store: Store, ids: DocumentId[], out: string, io: CliIo): Promise<void> {
  const stream = createWriteStream(out);
  let count = 0;
  for (const id of ids) count += await writeJsonl(await store.listRecords({ documentId: id }), stream);
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  io.stdout(`${count} records written to ${out}\n`);
}
