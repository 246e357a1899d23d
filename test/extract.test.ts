import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExtractedDocument } from '../schemas/index.ts';
import { extractSample, SAMPLES } from './fixtures/samples.ts';

describe('extracting a born-digital PDF', () => {
  it('gives every page with text boxes, ruling lines and page facts', async () => {
    const doc = ExtractedDocument.parse(await extractSample('t4-001-part1-digital.pdf'));
    expect(doc.pageCount).toBe(6);
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doc.pageErrors).toEqual([]);
    const page = doc.pages[1]!;
    expect(page.facts).toMatchObject({ garbageRatio: 0, imageCoverage: 0, invisibleText: false });
    expect(page.facts.cjkRatio).toBeGreaterThan(0.5);
    expect(page.rules.filter((r) => r.axis === 'h').length).toBeGreaterThan(5);
    expect(page.rules.filter((r) => r.axis === 'v').length).toBeGreaterThan(5);
  });

  it('places text where it is printed, top-left origin, in points', async () => {
    const page = (await extractSample('t4-001-part1-digital.pdf')).pages[1]!;
    const owner = page.items.find((i) => i.text === '王慧');
    const unit = page.items.find((i) => i.text.includes('预算单位'));
    expect(owner && unit).toBeTruthy();
    // 预算单位 heads the form on the left; 王慧 (项目负责人) is printed to the right, lower down.
    expect(unit!.bbox[0]).toBeLessThan(owner!.bbox[0]);
    expect(unit!.bbox[1]).toBeLessThan(owner!.bbox[1]);
    for (const [x0, y0, x1, y1] of page.items.map((i) => i.bbox)) {
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(page.width);
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(y1).toBeLessThanOrEqual(page.height);
    }
  });

  it('keeps CJK text from the fonts intact', async () => {
    const doc = await extractSample('t1-003-digital.pdf');
    const text = doc.pages[0]!.items.map((i) => i.text).join('');
    expect(text).toContain('项目支出绩效自评表');
    expect(text).toContain('偏差原因分析及改进措施');
  });
});

describe('pdf.js in this process', () => {
  it('leaves the engine\'s own Array.prototype.push, JSON.parse and JSON.stringify in place once a document is read', async () => {
    const { withPdf } = await import('../workers/extract/pdf.ts');
    await withPdf(readFileSync(path.join(SAMPLES, 't4-001-part1-digital.pdf')), async (doc) => doc.numPages);
    // core-js (bundled in the legacy build) would leave JavaScript versions here: a third of extraction's time.
    for (const f of [Array.prototype.push, JSON.parse, JSON.stringify]) expect(Function.prototype.toString.call(f)).toContain('[native code]');
  });
});
