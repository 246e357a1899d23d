import { describe, expect, it } from 'vitest';
import type { BBox } from '../schemas/index.ts';
import { ctcGreedyDecode } from '../workers/ocr/ctc-decode.ts';
import type { GrayImage } from '../workers/ocr/gray-image.ts';
import { linesOf } from '../workers/ocr/paddle-engine.ts';
import { recognitionInput, REC_HEIGHT } from '../workers/ocr/recognition-input.ts';
import { inkOf, splitChunks, splitLines, widenToFaintInk } from '../workers/ocr/text-lines.ts';

describe('greedy CTC decoding', () => {
  const dict = ['a', 'b', 'c', ' '];
  /** One step per entry: the winning class and its probability, the rest shared by the other classes. */
  const probs = (steps: [number, number][]) =>
    Float32Array.from(steps.flatMap(([best, p]) => Array.from({ length: dict.length + 1 }, (_, k) => (k === best ? p : (1 - p) / dict.length))));

  it('skips blanks and held characters, repeats a character across a blank, and averages emitted probabilities', () => {
    const steps: [number, number][] = [[0, 0.9], [1, 0.8], [1, 0.6], [0, 0.9], [1, 0.7], [2, 0.9], [2, 0.5], [3, 0.6], [4, 0.95], [0, 0.9]];
    const { text, confidence } = ctcGreedyDecode(probs(steps), steps.length, dict.length + 1, dict);
    expect(text).toBe('aabc ');
    expect(confidence).toBeCloseTo((0.8 + 0.7 + 0.9 + 0.6 + 0.95) / 5, 5);
  });

  it('reads nothing with confidence 0 when every step is blank', () => {
    expect(ctcGreedyDecode(probs([[0, 0.99], [0, 0.98]]), 2, dict.length + 1, dict)).toEqual({ text: '', confidence: 0, doubts: [] });
  });

  it('names, per character, the strongest runner-up over the steps it was held, never the blank', () => {
    // Classes: 0 blank, 1 a, 2 b, 3 c, 4 space. Step rows are given in full.
    const rows = [
      [0.1, 0.7, 0.1, 0.05, 0.05], // a, b a distant second
      [0.05, 0.5, 0.4, 0.03, 0.02], // a held, b close: ratio 0.8
      [0.9, 0.02, 0.02, 0.03, 0.03], // blank
      [0.3, 0.02, 0.03, 0.6, 0.05], // c; the blank is second but does not count: space 0.05/0.6
    ];
    const { text, doubts } = ctcGreedyDecode(Float32Array.from(rows.flat()), rows.length, 5, dict);
    expect(text).toBe('ac');
    expect(doubts).toHaveLength(2);
    expect(doubts[0]).toMatchObject({ at: 0, char: 'b' });
    expect(doubts[0]!.ratio).toBeCloseTo(0.8, 5);
    expect(doubts[1]).toMatchObject({ at: 1, char: ' ' });
    expect(doubts[1]!.ratio).toBeCloseTo(0.05 / 0.6, 5);
  });

  it('refuses a dictionary that does not fit the model', () => {
    expect(() => ctcGreedyDecode(probs([[0, 1]]), 1, dict.length + 2, dict)).toThrow(/dictionary/);
  });
});

/** A white image with black rectangles [x0, y0, x1, y1) painted on it. */
function synthetic(width: number, height: number, boxes: BBox[]): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) data.fill(0, y * width + x0, y * width + x1);
  return { width, height, data };
}

describe('cutting a crop into text lines', () => {
  // A cell 200 × 140: the remains of its left border, a line that is one 三-like glyph (three bars with blank
  // rows between them), a line of three glyphs, a speck of dust, and a lone dash far below.
  const cell = synthetic(200, 140, [
    [0, 0, 2, 140],
    [20, 10, 45, 14], [20, 20, 45, 24], [20, 31, 45, 35],
    [20, 50, 41, 74], [45, 50, 66, 74], [70, 50, 91, 74],
    [150, 90, 152, 92],
    [20, 110, 61, 113],
  ]);

  it('keeps a glyph with blank rows inside as one line, drops specks and the border, keeps a lone dash', () => {
    expect(splitLines(inkOf(cell))).toEqual([[20, 10, 45, 35], [20, 50, 91, 74], [20, 110, 61, 113]]);
    expect(linesOf(inkOf(cell), 'block')).toEqual(splitLines(inkOf(cell)));
  });

  it('reads a one-line crop as its ink box, without the border', () => {
    expect(linesOf(inkOf(cell), 'line')).toEqual([[20, 10, 91, 113]]);
    expect(linesOf(inkOf(synthetic(50, 30, [])), 'number')).toEqual([]);
  });

  it('cuts a sparse line into pieces at gaps wider than three line heights', () => {
    const page = synthetic(300, 60, [[10, 10, 30, 30], [35, 10, 55, 30], [200, 12, 221, 28], [260, 40, 262, 42]]);
    const ink = inkOf(page);
    expect(splitChunks(ink, [0, 10, 300, 30])).toEqual([[10, 10, 55, 30], [200, 12, 221, 28]]);
    expect(linesOf(ink, 'sparse')).toEqual([[10, 10, 55, 30], [200, 12, 221, 28]]);
  });
});

describe('the recognition input', () => {
  it('scales a line to the model height keeping its aspect ratio, grey in three channels, in [-1, 1]', () => {
    const image = synthetic(100, 40, [[10, 10, 50, 30]]);
    const { data, width } = recognitionInput(image, [10, 10, 50, 30], 4, 4);
    expect(width).toBe(Math.round((48 * REC_HEIGHT) / 28));
    expect(data).toHaveLength(3 * REC_HEIGHT * width);
    const at = (c: number, y: number, x: number) => data[c * REC_HEIGHT * width + y * width + x]!;
    expect(at(0, 0, 0)).toBeCloseTo(1); // paper
    expect(at(1, REC_HEIGHT / 2, Math.round(width / 2))).toBeCloseTo(-1); // ink
    expect(at(2, REC_HEIGHT / 2, Math.round(width / 2))).toBe(at(0, REC_HEIGHT / 2, Math.round(width / 2)));
  });
});

describe('widening a line over faint ink', () => {
  it('takes in a light glyph before the dark ones (≥ before 95%), stops at a border, never widens to the right', () => {
    const image = synthetic(142, 79, [[48, 30, 112, 49]]);
    const paint = (x0: number, y0: number, x1: number, y1: number, grey: number) => {
      for (let y = y0; y < y1; y++) image.data.fill(grey, y * 142 + x0, y * 142 + x1);
    };
    paint(32, 34, 44, 46, 185); // the light ≥, 4 px before the digits
    paint(2, 0, 4, 79, 190); // a faint cell border down the whole crop
    paint(114, 36, 117, 40, 185); // a faint speck just after the digits
    expect(widenToFaintInk(image, [48, 30, 112, 49])).toEqual([32, 30, 112, 49]);
    expect(widenToFaintInk(synthetic(142, 79, [[48, 30, 112, 49]]), [48, 30, 112, 49])).toEqual([48, 30, 112, 49]);
  });
});
