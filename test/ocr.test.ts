import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createExtractPool } from '../workers/extract/extract-pool.ts';
import { normalizeDocument } from '../workers/normalize/normalize-document.ts';
import { needsOcr } from '../workers/ocr/needs-ocr.ts';
import { fieldAccuracy } from './fixtures/compare-records.ts';
import { expectedRecords, extractSample, readSample, samplePdfs } from './fixtures/samples.ts';
import { zoneRules } from '../workers/ocr/ocr-zones.ts';
import type { GrayImage } from '../workers/ocr/gray-image.ts';

describe('deciding what a page needs read by OCR', () => {
  it('leaves born-digital pages alone', async () => {
    const doc = await extractSample('t1-003-digital.pdf');
    expect(doc.pages.map(needsOcr).every((d) => d.kind === 'none')).toBe(true);
  });

  it('reads a scanned page whole', async () => {
    const [page] = (await extractSample('t1-003-scan-page1.pdf')).pages;
    expect(needsOcr(page!)).toEqual({ kind: 'page', reason: 'no-text' });
  });

  it('reads a page whose text layer decodes to control characters whole', async () => {
    const [page] = (await extractSample('t1-003-notounicode-page1.pdf')).pages;
    expect(needsOcr(page!)).toEqual({ kind: 'page', reason: 'garbage-text' });
  });

  it('reads only the pasted picture of a Word-style page, keeping its digital title', async () => {
    const [page] = (await extractSample('t2-004-pasted-pages1-2.pdf')).pages;
    const decision = needsOcr(page!);
    expect(decision.kind).toBe('regions');
    const [box, ...more] = decision.kind === 'regions' ? decision.boxes : [];
    expect(more).toHaveLength(0);
    const title = page!.items.find((i) => i.text.includes('地质灾害综合防治体系建设项目自评表'))!;
    expect(title.bbox[3]).toBeLessThan(box![1]); // the title is printed above the picture
    expect((box![3] - box![1]) * (box![2] - box![0])).toBeGreaterThan(0.4 * page!.width * page!.height);
  });
});

/**
 * Field accuracy each OCR'd sample must keep, per engine: tesseract's measured values are in the closing
 * notes of issue 4; PP-OCR's a little under what it read when it became the default (98.9%, 99.3%, 100%).
 */
const FLOOR = {
  tesseract: { scan: 0.85, pasted: 0.85, notounicode: 0.85 },
  paddle: { scan: 0.97, pasted: 0.97, notounicode: 0.98 },
} as const;

const SAMPLES = [
  ['scan', samplePdfs('scan')[0]!],
  ['pasted', samplePdfs('pasted')[0]!],
  ['notounicode', samplePdfs('notounicode')[0]!],
] as const;

describe.each(['paddle', 'tesseract'] as const)('table-aware OCR on real pages (%s)', (engine) => {
  const pool = createExtractPool({ size: 1, stallMs: 120_000, ocrEngine: engine });
  afterAll(() => pool.close());

  it.each(SAMPLES)('reads the %s sample into its form', async (variant, name) => {
    const bytes = readSample(name);
    const doc = await pool.extract(createHash('sha256').update(bytes).digest('hex'), name, bytes);
    expect(doc.pages.some((p) => p.ocr !== null)).toBe(true);
    const records = normalizeDocument(doc);
    const expected = expectedRecords(name);
    expect(records).toHaveLength(1);
    const accuracy = fieldAccuracy(records, expected);
    console.info(`${engine} ${name}: field accuracy ${(accuracy * 100).toFixed(1)}%`);
    expect(accuracy).toBeGreaterThanOrEqual(FLOOR[engine][variant]);
    const ocrValues = Object.values(records[0]!.provenance).filter((p) => p.source === 'ocr');
    expect(ocrValues.length).toBeGreaterThan(20);
    expect(ocrValues.every((p) => p.confidence >= 0 && p.confidence <= 1)).toBe(true);
  }, 180_000);
});

describe('column rules of a scan', () => {
  /** A white page (points = pixels) with two row rules, three column rules and a character's tall stroke inside a cell. */
  function page(): GrayImage {
    const width = 400, height = 120, data = new Uint8Array(width * height).fill(255);
    const ink = (x: number, y: number) => (data[y * width + x] = 0);
    for (let x = 10; x <= 390; x++) (ink(x, 20), ink(x, 100));
    for (const x of [10, 200, 390]) for (let y = 20; y <= 100; y++) ink(x, y);
    // 目's left stroke in a header cell: taller than the shortest column rule, meeting neither row rule.
    for (let y = 30; y <= 92; y++) (ink(100, y), ink(101, y));
    return { width, height, data };
  }

  it('keeps the lines that run from row rule to row rule and drops a stroke that meets neither', () => {
    const zone = { x: 0, y: 0, image: page(), skew: 0 };
    const columns = zoneRules([zone], 1).filter((r) => r.axis === 'v').map((r) => r.at);
    expect(columns).toHaveLength(3);
    [10, 200, 390].forEach((x, i) => expect(Math.abs(columns[i]! - x)).toBeLessThanOrEqual(1));
    expect(zoneRules([zone], 1).filter((r) => r.axis === 'h')).toHaveLength(2);
  });
});
