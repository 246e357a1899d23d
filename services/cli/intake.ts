import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentId, StageName } from '../../schemas/index.ts';
import { RESUME } from '../../workers/resume-stage.ts';
import type { Store } from '../store/store.ts';
import { collectFiles } from './collect-files.ts';

export type Entry = { file: string; id?: DocumentId; state: 'new' | 'resumed' | 'stored' | 'unreadable'; reason?: string };

/**
 * Puts every file into the store (by content hash) and says which documents need which stage next:
 * new ones start at extract, half-done ones resume, done ones are left alone unless `force`.
 */
export async function intake(paths: string[], store: Store, force: boolean): Promise<{ entries: Entry[]; startAt: Map<DocumentId, StageName> }> {
  const { files, missing } = await collectFiles(paths);
  const entries: Entry[] = missing.map((file) => ({ file, state: 'unreadable', reason: 'no such file or folder' }));
  const startAt = new Map<DocumentId, StageName>();
  for (const file of files) {
    const bytes = await readFile(file).catch((e: Error) => e);
    if (bytes instanceof Error) {
      entries.push({ file, state: 'unreadable', reason: `cannot read: ${bytes.message}` });
      continue;
    }
    const { info, created } = await store.putDocument({ fileName: path.basename(file), bytes });
    const from = force ? 'extract' : RESUME[info.status];
    // A status only moves forward: running a stored document again from the start (forced, or failed) takes an
    // explicit reset, which also starts a new run that jobs of the previous one, if still going, cannot touch.
    if (!created && (force || info.status === 'failed') && !startAt.has(info.id)) await store.resetDocument(info.id);
    entries.push({ file, id: info.id, state: created ? 'new' : from ? 'resumed' : 'stored' });
    if (from && !startAt.has(info.id)) startAt.set(info.id, from);
  }
  return { entries, startAt };
}
