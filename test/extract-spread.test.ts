import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExtractPool } from '../workers/extract/extract-pool.ts';
import { SAMPLES } from './fixtures/samples.ts';

/** One document spread over idle extraction processes must read exactly as it reads in one. */
describe('a document spread over two extraction processes', () => {
  it('gives the same pages, in order, and counts its progress to the last page', async () => {
    const bytes = readFileSync(path.join(SAMPLES, 'real-putuo-2024-final-accounts-altered.pdf'));
    const id = 'a'.repeat(64) as never;
    const alone = createExtractPool({ size: 1, ocr: false });
    const spread = createExtractPool({ size: 2, spread: 2, ocr: false });
    try {
      const one = await alone.extract(id, 'putuo.pdf', bytes);
      const progress: [number, number][] = [];
      const two = await spread.extract(id, 'putuo.pdf', bytes, (page, pageCount) => progress.push([page, pageCount]));
      expect(one.pages.length).toBeGreaterThan(10);
      expect(two).toEqual(one);
      expect(progress.map(([n]) => n)).toEqual(one.pages.map((_, i) => i + 1));
      expect(progress.every(([, count]) => count === one.pageCount)).toBe(true);
    } finally {
      await alone.close();
      await spread.close();
    }
  }, 120_000);
});
