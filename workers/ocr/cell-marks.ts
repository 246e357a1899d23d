import type { BBox } from '../../schemas/index.ts';
import type { GrayImage } from './gray-image.ts';
import type { OcrLine } from './ocr-engine.ts';
import { inkOf, splitChunks, splitLines } from './text-lines.ts';

/**
 * A cell whose only ink is one stroke at most this tall (points) and at least this wide, and three times
 * wider than tall, holds a dash: the empty mark `—`. Read by an engine it comes back as `1`, `一`, `le`,
 * `(xeeere)` (corpus scans), and a `1` would be taken for a number.
 */
const DASH_MAX_HEIGHT = 1.2;
const DASH_MIN_WIDTH = 3;
/** The stroke's shape is the evidence, not a recogniser's score. */
export const DASH_CONFIDENCE = 0.9;

export function isDash([x0, y0, x1, y1]: BBox, scale: number): boolean {
  const width = x1 - x0, height = y1 - y0;
  return height <= DASH_MAX_HEIGHT * scale && width >= Math.max(3 * height, DASH_MIN_WIDTH * scale);
}

/**
 * Lines under this share of the height of a cell's tallest line are slivers, not text: a cell prints one
 * size of type, and a speck of dust or a stroke of a faint glyph cut off by the ink level comes back as
 * `r`, `e`, `ge` beside the `5` it belongs to (the weight then reads `r5`). Dropped, unless a dash.
 */
const SLIVER_HEIGHT = 0.35;
const DASH_TEXT = /^[-—―–一_]+$/u;

export function withoutSpecks(lines: OcrLine[]): OcrLine[] {
  if (lines.length < 2) return lines;
  const tallest = Math.max(...lines.map((l) => l.bbox[3] - l.bbox[1]));
  return lines.filter((l) => l.bbox[3] - l.bbox[1] >= SLIVER_HEIGHT * tallest || DASH_TEXT.test(l.text));
}

/**
 * Grey under which a pixel counts as faint ink, and how many such pixels away from the stroke (and from the
 * crop's edges, where border remains lie) mean the stroke is part of a faint glyph: a light `7` keeps only
 * its top bar at the ink level; its diagonal shows here (45–85 pixels, against under 10 beside a dash).
 */
const FAINT_INK = 200;
const FAINT_PIXELS = 24;
const FRAME = 4;

/** The box of a cell's only mark when that mark is a dash, else null. */
export function dashIn(image: GrayImage, scale: number): BBox | null {
  const marks = splitLines(inkOf(image));
  const mark = marks.length === 1 ? marks[0]! : null;
  if (!mark || !isDash(mark, scale)) return null;
  return faintInkAround(image, mark) < FAINT_PIXELS ? mark : null;
}

function faintInkAround(image: GrayImage, [x0, y0, x1, y1]: BBox): number {
  let n = 0;
  for (let y = FRAME; y < image.height - FRAME; y++) {
    for (let x = FRAME; x < image.width - FRAME; x++) {
      if (x >= x0 - 2 && x < x1 + 2 && y >= y0 - 2 && y < y1 + 2) continue;
      if (image.data[y * image.width + x]! < FAINT_INK) n++;
    }
  }
  return n;
}

/**
 * A lone digit read twice (`77` for a `7`, `55` for a `5`): the recogniser emits a wide glyph's class on
 * both sides of a blank step. The ink tells: one glyph is one piece of ink with no blank column through
 * it, two digits are two. A doubled digit over one piece of ink is read as the one digit.
 */
export function withoutDoubledDigit(image: GrayImage, lines: OcrLine[]): OcrLine[] {
  if (!lines.some((l) => /^(\d)\1$/.test(l.text))) return lines;
  const ink = inkOf(image);
  return lines.map((line) => (/^(\d)\1$/.test(line.text) && splitChunks(ink, line.bbox, 0).length === 1 ? { ...line, text: line.text[0]! } : line));
}
