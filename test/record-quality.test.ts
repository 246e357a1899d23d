import { describe, expect, it } from 'vitest';
import type { FormRecord } from '../schemas/index.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { unflaggedRecord } from './fixtures/flag-records.ts';
import { targetRecord, withFundsRow, withIndicator } from './fixtures/validate-records.ts';

const quality = (record: FormRecord) => validateRecord(record).quality;
const base = unflaggedRecord();
const ocrAt = (confidence: number) => ({ page: 1, bbox: [0, 0, 10, 10] as [number, number, number, number], source: 'ocr' as const, confidence });

describe('record quality', () => {
  it('is 1 and high for a complete born-digital reading, with no reasons', () => {
    expect(quality(base)).toMatchObject({ score: 1, level: 'high', reasons: [], cells: { expected: 13, missing: 0, unreadable: 0 }, ocr: { values: 0, meanConfidence: null } });
  });
  it('takes the mean OCR confidence and counts values under 0.8', () => {
    const record = { ...base, provenance: { 'indicators[0].score': ocrAt(0.99), 'indicators[1].score': ocrAt(0.61) } };
    const q = quality(record);
    expect(q.ocr).toEqual({ values: 2, meanConfidence: 0.8, lowConfidence: 1 });
    expect(q.score).toBeCloseTo(0.8, 10);
    expect(q.level).toBe('medium');
    expect(q.reasons[0]).toContain('mean confidence 0.800');
  });
  it('tells a blank cell from one printed but unreadable, and the checks that could not run', () => {
    const blank = withIndicator(base, 1, { score: null });
    expect(quality(blank).cells).toEqual({ expected: 13, missing: 1, unreadable: 0 });
    const unreadable = { ...withFundsRow(base, 0, { executed: null }), printed: { ...base.printed, 'funds.rows[0].executed': '100%' } };
    const q = quality(unreadable);
    expect(q.cells).toMatchObject({ missing: 0, unreadable: 1 });
    expect(q.checks.skipped).toBeGreaterThan(0);
    expect(q.score).toBeLessThan(0.95);
  });
  it('costs each recorded problem a little', () => {
    const problem = { code: 'ocr-repair', message: '1O0 read as 100', field: 'indicators[0].score', page: 1 };
    expect(quality({ ...base, problems: [problem, problem] }).score).toBeCloseTo(0.99 ** 2, 10);
  });
  it('does not hold against a target form the scores its template does not print', () => {
    const q = quality(targetRecord());
    expect(q.checks.skipped).toBe(0);
    expect(q).toMatchObject({ score: 1, level: 'high' });
  });
});
