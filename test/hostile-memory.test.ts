import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../services/store/open-store.ts';
import { hugeImagePdf, hugePagePdf, manyPagesPdf, picturesPdf } from './fixtures/hostile-pdfs.ts';
import { peakTreeRssMb } from './fixtures/process-tree.ts';
import { startCli } from './fixtures/run-cli.ts';
import { SAMPLES } from './fixtures/samples.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';

const dir = scratchDirs('jixiao-hostile-')();

/** The built CLI on a data folder of the test's own; resolves with its exit code, output, wall time and the peak RSS of its process tree. */
async function ingest(data: string, files: string[], env: Record<string, string> = {}) {
  const { child, done } = startCli(['ingest', ...files], { JIXIAO_DATA_DIR: data, ...env }, { timeoutMs: 170_000 });
  const peakMb = peakTreeRssMb(child);
  const run = await done;
  return { ...run, seconds: run.ms / 1000, peakMb: await peakMb };
}

const write = (name: string, bytes: Uint8Array): string => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const idOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function documents(data: string, ids: Record<string, string>) {
  const store = await openStore({ JIXIAO_DATA_DIR: data, JIXIAO_STORE_WAIT_SECONDS: 0 });
  try {
    const out: Record<string, Awaited<ReturnType<typeof store.getDocument>>> = {};
    for (const [name, id] of Object.entries(ids)) out[name] = await store.getDocument(id);
    return out;
  } finally {
    await store.close();
  }
}

describe('hostile PDFs beside a good one, in one `jixiao ingest`', () => {
  it('keep the run under 2 GB and 90 s, and each says what of it could not be read', async () => {
    const files = {
      image: await hugeImagePdf(30_000),
      page: await hugePagePdf(200),
      pages: manyPagesPdf(5_000),
    };
    const paths = Object.entries(files).map(([name, bytes]) => write(`${name}.pdf`, bytes));
    const good = path.join(dir, 'good.pdf');
    copyFileSync(path.join(SAMPLES, 't1-003-digital.pdf'), good);
    const data = path.join(dir, 'data-1');
    const run = await ingest(data, [...paths, good]);

    expect(run.code, run.stderr).toBe(2); // done, but not every document whole
    expect(run.peakMb).toBeLessThan(2048);
    expect(run.seconds).toBeLessThan(90);
    const docs = await documents(data, {
      image: idOf(files.image), page: idOf(files.page), pages: idOf(files.pages), good: idOf(readFileSync(good)),
    });
    expect(docs.image).toMatchObject({ status: 'validated', pagesFailed: 1, note: expect.stringMatching(/^1 of 1 pages not read: p\. 1 read without a picture over 100 megapixels/) });
    expect(docs.page).toMatchObject({ status: 'validated', pagesFailed: 1, note: expect.stringContaining('page too large to read by OCR: 200 × 200 in') });
    expect(docs.pages).toMatchObject({ status: 'validated', pageCount: 5000, pagesFailed: 3000, note: '3000 of 5000 pages not read: pp. 2001–5000 past the limit of 2000 pages per document' });
    expect(docs.good).toMatchObject({ status: 'validated', pagesFailed: 0, note: null });
    expect(run.stdout).toMatch(/4 files: 1 ok, 3 with pages not read, 0 failed/);
  }, 180_000);

  it('fail a document whose pictures decode past the memory limit, alone, with that reason', async () => {
    // Twelve pictures of 16 MP on one page: each under the per-picture cap, together far over a 700 MiB budget.
    const bomb = picturesPdf(12, 4_000);
    const file = write('pictures.pdf', bomb);
    const good = path.join(SAMPLES, 't4-001-part1-digital.pdf');
    const data = path.join(dir, 'data-2');
    const run = await ingest(data, [file, good], { JIXIAO_EXTRACT_MEMORY_MB: '700', JIXIAO_STORE_WAIT_SECONDS: '0' });
    expect(run.code, run.stderr).toBe(2);
    const docs = await documents(data, { bomb: idOf(bomb), good: idOf(readFileSync(good)) });
    expect(docs.bomb).toMatchObject({ status: 'failed', error: 'extract: too large: reading it needed more than 700 MiB of memory (a huge or malformed PDF)' });
    expect(docs.good).toMatchObject({ status: 'validated', pagesFailed: 0 });
  }, 180_000);
});
