import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ExtractedDocument } from '../schemas/index.ts';
import { TimeoutError } from '../workers/errors.ts';
import { extractPdf, renderScale } from '../workers/extract/extract-pdf.ts';
import { PAGE_LIMITS, PageTooLargeError } from '../workers/extract/page-limits.ts';
import { normalizeDocument } from '../workers/normalize/normalize-document.ts';
import { OcrEngineUnavailable, type OcrEngine } from '../workers/ocr/ocr-engine.ts';
import { pageFailures } from '../workers/page-failures.ts';
import { runInline } from '../workers/run-inline.ts';
import { fakeDeps } from './fixtures/fake-deps.ts';
import { extractSample, readSample } from './fixtures/samples.ts';

const idOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const engine = (recognize: OcrEngine['recognize']): OcrEngine => ({ name: 'test engine', recognize, close: async () => undefined });

describe('pages that cannot be read', () => {
  it('are recorded with their reason when OCR fails on them, and the rest of the document comes out', async () => {
    const bytes = readSample('t2-004-pasted-pages1-2.pdf');
    const doc = await extractPdf(idOf(bytes), 'pasted.pdf', bytes, {
      ocr: engine(async () => {
        throw new Error('PP-OCR took too long (30 s)');
      }),
    });
    expect(doc.pageErrors.length).toBeGreaterThan(0);
    expect(doc.pageErrors.every((e) => e.error.includes('PP-OCR took too long'))).toBe(true);
    expect(pageFailures(doc)).toMatchObject({ pagesFailed: doc.pageErrors.length, note: expect.stringMatching(/^\d+ of 2 pages not read: p\. \d PP-OCR took too long/) });
  }, 60_000);

  it('fail the whole document, to be tried again, when the OCR engine cannot start', async () => {
    const bytes = readSample('t1-003-scan-page1.pdf');
    const failing = engine(async () => {
      throw new OcrEngineUnavailable('the OCR engine (PP-OCR) could not start: model file missing');
    });
    await expect(extractPdf(idOf(bytes), 'scan.pdf', bytes, { ocr: failing })).rejects.toBeInstanceOf(OcrEngineUnavailable);
  }, 60_000);

  it('are on every form they touch, as a problem naming the page', async () => {
    const whole = await extractSample('t1-003-digital.pdf');
    const formsOn = (doc: ExtractedDocument) => normalizeDocument(doc).map((r) => r.source.pages);
    const lost = 5;
    const damaged: ExtractedDocument = {
      ...whole,
      pages: whole.pages.filter((p) => p.number !== lost),
      pageErrors: [{ page: lost, error: 'canvas: out of memory' }],
    };
    const records = normalizeDocument(damaged);
    const touching = records.filter((r) => r.source.pages.some((p) => Math.abs(p - lost) <= 1));
    expect(touching.length).toBeGreaterThan(0);
    for (const r of records) {
      const problem = r.problems.find((p) => p.code === 'page-not-read');
      expect(Boolean(problem), `form on pages ${r.source.pages.join(',')}`).toBe(touching.includes(r));
      if (problem) expect(problem).toMatchObject({ page: lost, message: expect.stringContaining('canvas: out of memory') });
    }
    // Forms away from the lost page are read as before.
    const far = (pages: number[]) => pages.every((p) => Math.abs(p - lost) > 1);
    expect(records.map((r) => r.source.pages).filter(far)).toEqual(formsOn(whole).filter(far));
  });

  it('past the page limit are counted and said, not dropped', async () => {
    const bytes = readSample('t4-001-part1-digital.pdf');
    const doc = await extractPdf(idOf(bytes), 't4.pdf', bytes, { maxPages: 4 });
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(doc.pagesNotRead).toEqual({ from: 5, to: 6, reason: 'past the limit of 4 pages per document' });
    expect(pageFailures(doc)).toEqual({ pagesFailed: 2, note: '2 of 6 pages not read: pp. 5–6 past the limit of 4 pages per document' });
  });

  it('render for OCR within a pixel budget, and fail with their size when it would make print illegible', () => {
    const a4 = [595, 842] as const;
    expect(renderScale(200 / 72, ...a4, PAGE_LIMITS)).toBe(200 / 72);
    // An A0 sheet at 200 dpi would be 69 MP: rendered at the scale that fits the budget instead.
    const a0 = [2384, 3370] as const;
    const scale = renderScale(200 / 72, ...a0, PAGE_LIMITS);
    expect(scale).toBeLessThan(200 / 72);
    expect(a0[0] * scale * a0[1] * scale).toBeLessThanOrEqual(PAGE_LIMITS.maxRenderPixels * 1.0001);
    expect(() => renderScale(200 / 72, 14_400, 14_400, PAGE_LIMITS)).toThrow(PageTooLargeError);
    expect(() => renderScale(200 / 72, 14_400, 14_400, PAGE_LIMITS)).toThrow(/200 × 200 in would render at 31 dpi/);
  });
});

describe('time-outs', () => {
  const id = 'a'.repeat(64);
  const runs = async (error: Error) => {
    let calls = 0;
    const statuses: unknown[] = [];
    const deps = fakeDeps({
      store: {
        getDocument: async () => ({ id, fileName: 'x.pdf', byteSize: 9, pageCount: null, pagesFailed: 0, note: null, status: 'received', error: null, run: 0, receivedAt: new Date().toISOString(), updatedAt: new Date().toISOString() }),
        readBytes: async () => new TextEncoder().encode('%PDF-1.7\n'),
        setStatus: async (_id, status, patch) => (statuses.push({ status, ...patch }), true),
      },
      extractPdf: async () => {
        calls++;
        throw error;
      },
    });
    const [outcome] = await runInline([id], deps, { attempts: 3, backoffMs: 1 });
    return { calls, outcome, statuses };
  };

  it('are tried once more, then final with their reason', async () => {
    const timedOut = await runs(new TimeoutError('timed out: no page finished in 60 s'));
    expect(timedOut.calls).toBe(2);
    expect(timedOut.outcome).toEqual({ id, ok: false, stage: 'extract', error: 'timed out: no page finished in 60 s (after 2 attempts)' });
    expect(timedOut.statuses).toEqual([{ status: 'failed', error: 'extract: timed out: no page finished in 60 s (after 2 attempts)' }]);
    // Other transient errors get every attempt.
    expect((await runs(new Error('connection reset'))).calls).toBe(3);
  });
});
