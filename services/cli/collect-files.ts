import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export type Collected = { files: string[]; missing: string[] };

/**
 * Files named on the command line are taken as given (a non-PDF among them is reported by the pipeline);
 * folders are searched recursively for `*.pdf`, so expected-record JSON beside the PDFs is left alone.
 */
export async function collectFiles(paths: string[]): Promise<Collected> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) missing.push(p);
    else if (info.isDirectory()) files.push(...(await pdfsUnder(p)));
    else files.push(p);
  }
  return { files: [...new Set(files.map((f) => path.resolve(f)))], missing };
}

async function pdfsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.pdf$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
