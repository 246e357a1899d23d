import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export type Collected = { files: string[]; missing: string[] };

/**
 * Files named on the command line are taken as given (what they are is told by their content; a file that is
 * none of the readable formats is reported by the pipeline); folders are searched recursively for the names of
 * the formats read (PDF, Word, Excel, web pages), so expected-record JSON beside them is left alone.
 */
export async function collectFiles(paths: string[]): Promise<Collected> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) missing.push(p);
    else if (info.isDirectory()) files.push(...(await documentsUnder(p)));
    else files.push(p);
  }
  return { files: [...new Set(files.map((f) => path.resolve(f)))], missing };
}

export const DOCUMENT_NAME = /\.(pdf|docx|docm|doc|wps|xlsx|xlsm|xls|et|html?)$/i;

async function documentsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && DOCUMENT_NAME.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
