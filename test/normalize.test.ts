import { describe, expect, it } from 'vitest';
import { FormRecord } from '../schemas/index.ts';
import { normalizeDocument } from '../workers/normalize/normalize-document.ts';
import { recordDifferences } from './fixtures/compare-records.ts';
import { expectedRecords, extractSample, samplePdfs } from './fixtures/samples.ts';

describe('normalize on the real sample PDFs', () => {
  it.each(samplePdfs())('%s gives exactly the expected records', async (name) => {
    const records = normalizeDocument(await extractSample(name));
    const expected = expectedRecords(name);
    expect(records.length).toBeGreaterThan(0);
    expect(recordDifferences(records, expected)).toEqual([]);
  }, 60_000);

  it('keeps the page, box and origin of every value it read', async () => {
    const [record] = normalizeDocument(await extractSample('t1-003-digital.pdf'));
    const parsed = FormRecord.parse(record);
    const score = parsed.provenance['funds.rows[0].score'];
    expect(parsed.printed['funds.rows[0].score']).toBe('10.00 分');
    expect(score).toMatchObject({ page: 1, source: 'text-layer', confidence: 1 });
    const [x0, y0, x1, y1] = score!.bbox;
    expect(x1 - x0).toBeGreaterThan(10);
    expect(y1 - y0).toBeGreaterThan(5);
    expect(parsed.provenance['indicators[0].name']?.page).toBe(1);
  }, 60_000);

  it('brings a form that runs over a page break back together, with the rows the break cut', async () => {
    const records = normalizeDocument(await extractSample('t1-003-digital.pdf'));
    const split = records.find((r) => r.indicators.some((i) => i.name?.startsWith('储备成品油利息')));
    expect(split?.source.pages).toEqual([8, 9]);
    const cut = split!.indicators.find((i) => i.name?.startsWith('储备成品油利息'))!;
    // The 偏差原因 text starts on page 8 and ends on page 9.
    expect(cut.deviationReason).toMatch(/^该项\s*目由益海.*计\s*划\s*2022年6月支\s*付25万元。$/);
  });

  it('reads 一级指标 weights printed in the cell into extra.level1Weights, not into the name', async () => {
    const records = normalizeDocument(await extractSample('t2-004-part1-digital.pdf'));
    expect(records[0]!.indicators[0]!.level1).toBe('产出指标');
    expect(records[0]!.extra['level1Weights']).toEqual({ 产出指标: 50, 效益指标: 30, 满意度指标: 10 });
  });
});
