import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentId } from '../schemas/index.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPglite } from '../services/store/pglite.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { createExtractPool, type ExtractPool } from '../workers/extract/extract-pool.ts';
import { runInline } from '../workers/run-inline.ts';

const HOSTILE = new URL('./fixtures/hostile/', import.meta.url);
const GOOD = new URL('../samples/t4-001-part1-digital.pdf', import.meta.url);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** How a document must end: failed with a reason like this, or validated with no forms. */
type Expected = RegExp | 'no forms';

const hostile: { name: string; bytes: () => Promise<Uint8Array>; expected: Expected }[] = [
  // First, so its stall time overlaps the other documents in the second lane.
  { name: 'operator_list_cycle.pdf', bytes: fixture('operator_list_cycle.pdf'), expected: /^extract: (timed out|too large): / },
  { name: 'encrypted-attachment.pdf', bytes: fixture('encrypted-attachment.pdf'), expected: /^extract: encrypted: / },
  { name: 'poppler-395-0-fuzzed.pdf', bytes: fixture('poppler-395-0-fuzzed.pdf'), expected: /^extract: (damaged|not a readable PDF)/ },
  { name: 'xref_command_missing.pdf', bytes: fixture('xref_command_missing.pdf'), expected: 'no forms' },
  { name: 'jbig2_symbol_offset.pdf', bytes: fixture('jbig2_symbol_offset.pdf'), expected: 'no forms' },
  { name: 'ccitt_EndOfBlock_false.pdf', bytes: fixture('ccitt_EndOfBlock_false.pdf'), expected: 'no forms' },
  // A download cut short: the header is there, the cross-reference table and %%EOF are not.
  { name: 'truncated.pdf', bytes: async () => (await readFile(GOOD)).subarray(0, 60_000), expected: /^extract: damaged PDF: the file is cut short/ },
  // What a server sends instead of the PDF, saved under the PDF's name.
  { name: 'error-page.pdf', bytes: async () => Buffer.from('<!DOCTYPE html><html><body>404 页面不存在</body></html>'), expected: /^extract: a web page without a table \("404 页面不存在"\)/ },
];

describe('hostile PDFs among good ones, through the real pipeline', () => {
  let store: Store;
  let pool: ExtractPool;
  beforeAll(async () => {
    const sql = await openPglite('memory://');
    await migrate(sql);
    store = createSqlStore(sql);
    // A short stall so the operator-list cycle gives up in seconds, not the production 30 s.
    pool = createExtractPool({ size: 2, stallMs: 3000 });
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    await store?.close();
  });

  it('ends every document with forms or a reason, and the good one is unaffected', async () => {
    const ids = new Map<string, DocumentId>();
    for (const doc of [...hostile, { name: 't4-001-part1-digital.pdf', bytes: () => readFile(GOOD) }]) {
      const { info } = await store.putDocument({ fileName: doc.name, bytes: await doc.bytes() });
      ids.set(doc.name, info.id);
    }
    const outcomes = await runInline([...ids.values()], { store, log: silent, extractPdf: pool.extract }, { concurrency: 2, backoffMs: 10 });
    expect(outcomes).toHaveLength(ids.size);

    const good = ids.get('t4-001-part1-digital.pdf')!;
    const goodInfo = await store.getDocument(good);
    expect({ status: goodInfo?.status, error: goodInfo?.error }).toEqual({ status: 'validated', error: null });
    expect(await store.listRecords({ documentId: good })).toHaveLength(4);

    for (const { name, expected } of hostile) {
      const id = ids.get(name)!;
      const info = await store.getDocument(id);
      const forms = (await store.listRecords({ documentId: id })).length;
      const ended = { name, status: info?.status, error: info?.error ?? null, forms };
      if (expected === 'no forms') expect(ended).toEqual({ name, status: 'validated', error: null, forms: 0 });
      else expect(ended).toEqual({ name, status: 'failed', error: expect.stringMatching(expected), forms: 0 });
    }
  }, 30_000);
});

function fixture(name: string): () => Promise<Uint8Array> {
  return () => readFile(new URL(name, HOSTILE));
}
