import type { BBox } from '../../schemas/index.ts';
import type { GrayImage } from './gray-image.ts';
import type { OcrLine } from './ocr-engine.ts';
import { inkOf, type Ink } from './text-lines.ts';

/**
 * `≤` and `≥` drawn with a slanted bar (`⩽` `⩾`, as Kai and Song faces print them) come back from the
 * recogniser as `<` and `>`: its alphabet has no slanted form. The bar is a third stroke: a vertical line
 * through the glyph's open side crosses both arms and the bar (three runs of ink) where `<` and `>` give
 * two of one thickness. A line read as starting with `<` or `>` whose first glyph shows the bar gets it back.
 * The shape decides, not the recogniser's score, so a real `>` stays `>`.
 */
export function withComparatorBars(image: GrayImage, lines: OcrLine[]): OcrLine[] {
  if (!lines.some((l) => /^[<>]/.test(l.text))) return lines;
  const ink = inkOf(image);
  return lines.map((line) => {
    const sign = line.text[0];
    // `>=` already says it; its `=` beside the `>` would pass for the bar.
    if ((sign !== '<' && sign !== '>') || line.text[1] === '=') return line;
    const glyph = firstGlyph(ink, line.bbox);
    if (!glyph) return line;
    const [x0, y0, x1, y1] = glyph;
    const w = x1 - x0;
    // `<` opens to the right, `>` to the left: sample the open side, away from the vertex and the tips.
    const from = sign === '<' ? x0 + 0.55 * w : x0 + 0.15 * w;
    const to = sign === '<' ? x0 + 0.85 * w : x0 + 0.45 * w;
    const columns: number[][] = [];
    for (let x = Math.round(from); x <= Math.round(to); x++) columns.push(inkRuns(ink, x, y0, y1));
    return hasBar(columns) ? { ...line, text: (sign === '<' ? '≤' : '≥') + line.text.slice(1) } : line;
  });
}

/** The first glyph of a line: the columns of ink from its left end to the first blank column. */
function firstGlyph(ink: Ink, [lx0, ly0, lx1, ly1]: BBox): BBox | null {
  const hasInk = (x: number) => {
    for (let y = Math.max(0, ly0); y < Math.min(ink.height, ly1); y++) if (ink.mask[y * ink.width + x]) return true;
    return false;
  };
  let x = Math.max(0, lx0);
  const end = Math.min(ink.width, lx1);
  while (x < end && !hasInk(x)) x++;
  const start = x;
  while (x < end && hasInk(x)) x++;
  // A glyph wider than the line is tall has run into the next one: no clean glyph to judge.
  if (x <= start + 2 || x - start > 1.2 * (ly1 - ly0)) return null;
  let top = ly1, bottom = ly0;
  for (let y = Math.max(0, ly0); y < Math.min(ink.height, ly1); y++) {
    for (let c = start; c < x; c++) {
      if (!ink.mask[y * ink.width + c]) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y + 1);
    }
  }
  return [start, top, x, bottom];
}

/**
 * Three strokes crossed, or two where the lower one is the arm and the bar run together (a scan or a small
 * size closes the gap between them): then it is far thicker than the upper arm, drawn with the same pen.
 */
const MERGED_BAR = 1.4;

function hasBar(columns: number[][]): boolean {
  if (columns.filter((runs) => runs.length >= 3).length > columns.length / 2) return true;
  const two = columns.filter((runs) => runs.length === 2);
  if (two.length <= columns.length / 2) return false;
  const mean = (k: number) => two.reduce((s, runs) => s + runs[k]!, 0) / two.length;
  return mean(1) >= MERGED_BAR * mean(0);
}

/** The lengths of the separate runs of ink down one column, top to bottom (a one-pixel gap separates). */
function inkRuns(ink: Ink, x: number, y0: number, y1: number): number[] {
  const runs: number[] = [];
  let inside = false;
  for (let y = y0; y < y1; y++) {
    const on = ink.mask[y * ink.width + x] === 1;
    if (on && !inside) runs.push(0);
    if (on) runs[runs.length - 1]!++;
    inside = on;
  }
  return runs;
}
