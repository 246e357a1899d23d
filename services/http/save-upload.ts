import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload written to disk as it arrived: its sha256 (the document id), its size and its first bytes. */
export type SavedUpload = { file: string; sha256: string; size: number; head: Buffer; discard: () => Promise<void> };

/** PDF readers accept the header anywhere in the first kilobyte (after junk some producers write first). */
const HEAD = 1024;

/**
 * Streams one upload to a file while hashing it: memory holds a chunk at a time, whatever the file's size
 * (the multipart limit cuts a file too large short; the caller asks the stream whether it was).
 */
export async function saveUpload(stream: Readable, dir: string): Promise<SavedUpload> {
  const file = path.join(dir, `jixiao-upload-${randomUUID()}`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    if (size < HEAD) head.push(chunk.subarray(0, HEAD - size));
    size += chunk.length;
  });
  await pipeline(stream, createWriteStream(file));
  return { file, sha256: hash.digest('hex'), size, head: Buffer.concat(head), discard: () => rm(file, { force: true }) };
}

export const looksLikePdf = (head: Buffer): boolean => head.includes('%PDF-');
