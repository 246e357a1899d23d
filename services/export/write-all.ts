import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes each chunk, waiting for 'drain' when the stream asks to, so a large export never piles up in memory. */
export async function writeAll(out: Writable, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}
