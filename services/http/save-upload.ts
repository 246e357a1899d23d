import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload written to disk as it arrived: its sha256 (the document id) and its size. */
export type SavedUpload = { file: string; sha256: string; size: number; discard: () => Promise<void> };

/**
 * Streams one upload to a file while hashing it: memory holds a chunk at a time, whatever the file's size
 * (the multipart limit cuts a file too large short; the caller asks the stream whether it was).
 */
export async function saveUpload(stream: Readable, dir: string): Promise<SavedUpload> {
  const file = path.join(dir, `jixiao-upload-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  await pipeline(stream, createWriteStream(file));
  return { file, sha256: hash.digest('hex'), size, discard: () => rm(file, { force: true }) };
}
