import { describe, expect, it } from 'vitest';
import type { BBox } from '../schemas/index.ts';
import { chooseReadings } from '../workers/validate/choose-readings.ts';
import { dashIn, withoutSpecks } from '../workers/ocr/cell-marks.ts';
import type { GrayImage } from '../workers/ocr/gray-image.ts';
import { withoutLongStrokes } from '../workers/ocr/long-strokes.ts';
import { digitAlternatives } from '../workers/ocr/paddle-engine.ts';
import { selfEvaluationRecord, withIndicator } from './fixtures/validate-records.ts';

const SCALE = 200 / 72;

/** A white image with black rectangles [x0, y0, x1, y1) painted on it. */
function synthetic(width: number, height: number, boxes: BBox[]): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) data.fill(0, y * width + x0, y * width + x1);
  return { width, height, data };
}

describe('marks in a cell crop', () => {
  it('takes a lone thin stroke for a dash (corpus scans: 20 × 2 px at 200 dpi)', () => {
    expect(dashIn(synthetic(76, 40, [[28, 23, 48, 25]]), SCALE)).toEqual([28, 23, 48, 25]);
  });
  it('does not take the top bar of a faint 7 for a dash: its diagonal is lighter, not absent', () => {
    const seven = synthetic(78, 119, [[35, 50, 44, 52]]);
    for (let y = 52; y < 70; y++) for (let x = 41 - Math.floor((y - 52) / 4); x < 44 - Math.floor((y - 52) / 4); x++) seven.data[y * 78 + x] = 185;
    expect(dashIn(seven, SCALE)).toBeNull();
    expect(dashIn(synthetic(78, 119, [[35, 50, 44, 52]]), SCALE)).toEqual([35, 50, 44, 52]);
  });
  it('does not take a digit, a short speck or a stroke beside text for a dash', () => {
    expect(dashIn(synthetic(78, 41, [[33, 11, 46, 31]]), SCALE)).toBeNull();
    expect(dashIn(synthetic(76, 40, [[30, 23, 34, 25]]), SCALE)).toBeNull();
    expect(dashIn(synthetic(190, 80, [[20, 10, 60, 34], [85, 60, 105, 62]]), SCALE)).toBeNull();
  });
  it('drops a sliver beside the text however confidently read, keeps a dash, a second text line and a lone line', () => {
    const five = { text: '5', bbox: [33, 39, 46, 50] as BBox, confidence: 0.997 };
    const speck = { text: 'r', bbox: [35, 31, 44, 34] as BBox, confidence: 0.325 };
    expect(withoutSpecks([speck, five])).toEqual([five]);
    expect(withoutSpecks([{ ...speck, text: 'e', confidence: 0.73 }, five])).toEqual([five]);
    expect(withoutSpecks([{ ...speck, text: '—' }, five])).toHaveLength(2);
    expect(withoutSpecks([{ ...five, text: '万元', bbox: [30, 55, 50, 66] }, five])).toHaveLength(2);
    expect(withoutSpecks([speck])).toEqual([speck]);
  });
});

describe('long strokes around the tables', () => {
  it('paints out a page-long edge shadow and keeps the strokes of a title beside it', () => {
    // A shadow 6 px wide down the left edge, 400 px; a title glyph 30 px tall.
    const page = synthetic(300, 400, [[0, 0, 6, 400], [100, 50, 104, 80], [95, 60, 130, 63]]);
    const cleaned = withoutLongStrokes(page, 111);
    const dark = (x: number, y: number) => cleaned.data[y * 300 + x]! < 128;
    expect(dark(2, 200)).toBe(false);
    expect(dark(101, 70)).toBe(true);
    expect(dark(120, 61)).toBe(true);
  });
});

describe('second readings of OCR digits', () => {
  it('swaps each doubtful digit for its runner-up digit, closest doubt first, never a letter', () => {
    const doubts = [
      { at: 0, char: '8', ratio: 0.2 },
      { at: 3, char: '6', ratio: 0.6 },
      { at: 1, char: 'B', ratio: 0.9 },
      { at: 1, char: '7', ratio: 0.01 },
    ];
    expect(digitAlternatives('36.5', doubts)).toEqual(['36.6', '86.5']);
    expect(digitAlternatives('36.5', [])).toEqual([]);
  });
});

describe('choosing between readings with the form\'s arithmetic', () => {
  // The fixture holds I1–I7: 总分 97.65 = 9.65 + 30 + 20 + 28 + 10. Row 0's 30 misread as 28 breaks I3.
  const misread = withIndicator(selfEvaluationRecord(), 0, { score: 28 });
  it('takes the one reading that makes every check hold, and says so in problems', () => {
    const chosen = chooseReadings(misread, { 'indicators[0].score': [30, 38] });
    expect(chosen.indicators[0]!.score).toBe(30);
    expect(chosen.problems.at(-1)).toMatchObject({ code: 'ocr-reading-chosen', field: 'indicators[0].score' });
    expect(chosen.problems.at(-1)!.message).toContain('I3');
    expect(chosen.extra['alternativeReadings']).toBeUndefined();
  });
  it('chooses nothing when two readings would each fit, and lists them', () => {
    // Row 2's 28 (分值 30) read as 30 would also bring Σ back to 总分.
    const ambiguous = chooseReadings(misread, { 'indicators[0].score': [30], 'indicators[2].score': [30] });
    expect(ambiguous.indicators[0]!.score).toBe(28);
    expect(ambiguous.indicators[2]!.score).toBe(28);
    expect(ambiguous.problems.at(-1)).toMatchObject({ code: 'ocr-readings-ambiguous' });
  });
  it('leaves a form that holds as read, and one no reading repairs, with the readings kept aside', () => {
    const fine = chooseReadings(selfEvaluationRecord(), { 'indicators[1].score': [16] });
    expect(fine.indicators[1]!.score).toBe(20);
    expect(fine.extra['alternativeReadings']).toEqual({ 'indicators[1].score': [16] });
    const wrong = chooseReadings(misread, { 'indicators[1].score': [19] });
    expect(wrong.indicators[1]!.score).toBe(20);
    expect(wrong.problems).toEqual(misread.problems);
  });
});
