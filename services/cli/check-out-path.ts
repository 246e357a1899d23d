import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Throws `cannot write FILE: reason` when `--out FILE` could not be written (its folder missing, a folder
 * itself, no permission). Commands check before they work, so a typo does not cost an ingest's hour.
 */
export async function checkOutPath(file: string | undefined): Promise<void> {
  if (file === undefined) return;
  const reason = await whyNotWritable(file);
  if (reason) throw new Error(`cannot write ${file}: ${reason}`);
}

async function whyNotWritable(file: string): Promise<string | null> {
  if (file === '') return 'no file name';
  const target = path.resolve(file);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) return 'it is a folder';
  const folder = path.dirname(target);
  const parent = await stat(folder).catch(() => null);
  const shown = path.dirname(file);
  if (!parent) return `folder ${shown} does not exist`;
  if (!parent.isDirectory()) return `${shown} is not a folder`;
  const denied = await access(existing ? target : folder, constants.W_OK).then(() => false, () => true);
  return denied ? `permission denied${existing ? '' : ` in ${shown}`}` : null;
}
