import type { Writable } from 'node:stream';
import type { ValidatedRecord } from '../../schemas/index.ts';
import { toContractRecord } from './contract-record.ts';
import { writeAll } from './write-all.ts';

/** Writes one contract record per line (`score-records.mjs` reads this); leaves `out` open. Returns the count. */
export async function writeJsonl(records: Iterable<ValidatedRecord> | AsyncIterable<ValidatedRecord>, out: Writable): Promise<number> {
  let count = 0;
  await writeAll(out, lines());
  return count;

  async function* lines(): AsyncGenerator<string> {
    for await (const record of records) {
      count++;
      yield `${JSON.stringify(toContractRecord(record))}\n`;
    }
  }
}
