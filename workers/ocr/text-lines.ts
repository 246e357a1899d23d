import type { BBox } from '../../schemas/index.ts';
import type { GrayImage } from './gray-image.ts';

/**
 * Cutting a crop into what a line recogniser can read: the ink's box, the text lines of a block (by the
 * horizontal projection of ink), the chunks of a line separated by wide gaps. Boxes are in the image's
 * pixels, end-exclusive: [x0, y0, x1, y1).
 */

/** Grey level under which a pixel is ink for cutting (a flattened page has white paper). */
export const INK = 160;

/** Slivers thinner than this share of a text line are parts of characters (the top stroke of 三), not lines. */
const SLIVER = 0.5;
/** A sliver joins a neighbouring line only if the two together stay under this many line heights. */
const MERGED_MAX = 1.8;
/** ...and the gap between them is at most this many line heights. */
const MERGE_GAP = 0.4;
/** A sliver lying over its neighbour's columns may be this far off (line heights) and make this tall a line. */
const DETACHED_GAP = 0.6;
const DETACHED_MAX = 2.2;
/** Within a sparse line, a horizontal gap wider than this many line heights separates two pieces of text. */
export const CHUNK_GAP = 3;
/** Bands or chunks holding fewer ink pixels than this are specks of dust. */
const SPECK = 12;
/**
 * Ink within this many pixels of a crop's edge that runs along nearly all of that edge is a cell border: a
 * character's stroke next to the edge of a cell crop spans at most about three quarters of its height.
 */
const EDGE = 10;
const EDGE_RUN = 0.9;

/** An image's ink: `mask` is 1 where ink; `image` is the image with the ink the mask left out painted paper. */
export type Ink = { width: number; height: number; mask: Uint8Array; image: GrayImage };

/** The image's ink, without the remains of cell borders along its edges (a crop's inset misses a skewed rule). */
export function inkOf(image: GrayImage): Ink {
  const { width: w, height: h, data } = image;
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i]! < INK ? 1 : 0;
  const edge = Math.min(EDGE, Math.floor(w / 4), Math.floor(h / 4));
  let cleared = false;
  for (let e = 0; e < edge; e++) {
    for (const x of [e, w - 1 - e]) {
      if (count(mask, w, x, 0, 0, 1, h) < EDGE_RUN * h) continue;
      for (let y = 0; y < h; y++) mask[y * w + x] = 0;
      cleared = true;
    }
    for (const y of [e, h - 1 - e]) {
      if (count(mask, w, 0, y, 1, 0, w) < EDGE_RUN * w) continue;
      mask.fill(0, y * w, (y + 1) * w);
      cleared = true;
    }
  }
  if (!cleared) return { width: w, height: h, mask, image };
  const paper = Uint8Array.from(data);
  for (let i = 0; i < paper.length; i++) if (!mask[i] && paper[i]! < INK) paper[i] = 255;
  return { width: w, height: h, mask, image: { width: w, height: h, data: paper } };
}

/** The box of the ink inside a region (the whole image by default), or null when there is none. */
export function inkBox(ink: Ink, [x0, y0, x1, y1]: BBox = [0, 0, ink.width, ink.height]): BBox | null {
  const { mask, width } = ink;
  let left = x1, top = y1, right = x0 - 1, bottom = y0 - 1;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!mask[y * width + x]) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < left ? null : [left, top, right + 1, bottom + 1];
}

/**
 * The text lines of `region`, each cut to its ink. Rows with ink form bands; bands much thinner than a text
 * line (a CJK character's detached stroke, a dot) join the nearer neighbour when the result still looks like
 * one line; specks of dust are dropped; a lone thin band that is real ink (a dash) stays a line.
 */
export function splitLines(ink: Ink, [x0, y0, x1, y1]: BBox = [0, 0, ink.width, ink.height]): BBox[] {
  const { mask, width } = ink;
  const bands: { top: number; bottom: number; pixels: number }[] = [];
  let start = -1, pixels = 0;
  for (let y = y0; y <= y1; y++) {
    const n = y < y1 ? count(mask, width, x0, y, 1, 0, x1 - x0) : 0;
    if (n > 0) {
      if (start < 0) start = y;
      pixels += n;
    } else if (start >= 0) {
      bands.push({ top: start, bottom: y, pixels });
      start = -1;
      pixels = 0;
    }
  }
  if (!bands.length) return [];
  const tallest = Math.max(...bands.map((b) => b.bottom - b.top));
  const heights = bands.map((b) => b.bottom - b.top).filter((h) => h >= tallest / 2).sort((a, b) => a - b);
  const line = heights[Math.floor(heights.length / 2)]!;
  for (let merged = true; merged && bands.length > 1;) {
    merged = false;
    for (let i = 0; i < bands.length; i++) {
      const b = bands[i]!;
      if (b.bottom - b.top >= SLIVER * line) continue;
      const gapUp = i > 0 ? b.top - bands[i - 1]!.bottom : Infinity;
      const gapDown = i < bands.length - 1 ? bands[i + 1]!.top - b.bottom : Infinity;
      const j = gapUp <= gapDown ? i - 1 : i + 1;
      const other = bands[j];
      if (!other) continue;
      // A sliver over the very columns of its neighbour's ink is a stroke of the same glyphs whose link
      // faded below the ink level (the top bar of a light `5`, 5 px above its body): it may lie further off.
      const within = inside(ink, [x0, b.top, x1, b.bottom], [x0, other.top, x1, other.bottom]);
      if (Math.min(gapUp, gapDown) > (within ? DETACHED_GAP : MERGE_GAP) * line) continue;
      const top = Math.min(b.top, other.top), bottom = Math.max(b.bottom, other.bottom);
      if (bottom - top > (within ? DETACHED_MAX : MERGED_MAX) * line) continue;
      bands.splice(Math.min(i, j), 2, { top, bottom, pixels: b.pixels + other.pixels });
      merged = true;
      break;
    }
  }
  return bands.filter((b) => b.pixels >= SPECK).map((b) => inkBox(ink, [x0, b.top, x1, b.bottom])).filter((b) => b !== null);
}

/** Whether the ink of `inner` lies within the columns of the ink of `outer` (give or take two pixels). */
function inside(ink: Ink, inner: BBox, outer: BBox): boolean {
  const a = inkBox(ink, inner), b = inkBox(ink, outer);
  return a !== null && b !== null && a[0] >= b[0] - 2 && a[2] <= b[2] + 2;
}

/** Pieces of one line separated by horizontal gaps wider than `gap` line heights, each cut to its ink. */
export function splitChunks(ink: Ink, [x0, y0, x1, y1]: BBox, gap = CHUNK_GAP): BBox[] {
  const { mask, width } = ink;
  const wide = gap * (y1 - y0);
  const chunks: BBox[] = [];
  let start = -1, last = -1, pixels = 0;
  const close = () => {
    const box = pixels >= SPECK ? inkBox(ink, [start, y0, last + 1, y1]) : null;
    if (box) chunks.push(box);
    pixels = 0;
  };
  for (let x = x0; x < x1; x++) {
    const n = count(mask, width, x, y0, 0, 1, y1 - y0);
    if (!n) continue;
    if (start >= 0 && x - last - 1 > wide) close();
    if (pixels === 0) start = x;
    last = x;
    pixels += n;
  }
  if (pixels > 0) close();
  return chunks;
}

/** Ink pixels on the `n` pixels from (x, y) in steps of (dx, dy). */
function count(mask: Uint8Array, width: number, x: number, y: number, dx: number, dy: number, n: number): number {
  let sum = 0;
  for (let i = 0, p = y * width + x, step = dy * width + dx; i < n; i++, p += step) sum += mask[p]!;
  return sum;
}

/** Grey under which a pixel is faint ink: a light `≥` beside dark digits stays above the cutting level. */
const FAINT = 200;
/** Blank columns (in line heights) that end a faint extension; a glyph's own gaps are narrower. */
const FAINT_GAP = 0.4;
/** A column faint-inked over this share of the whole crop is a border, not a glyph: the extension stops. */
const BORDER_SHARE = 0.8;

/**
 * The line's box widened to the left over faint ink in its rows: the ink level cuts lines to their dark
 * strokes, and a lighter comparator before the figures (`≥` before `95%`) would be left outside unread.
 * Only to the left: on the right, faint specks after a figure came back as `5.` (corpus scans).
 */
export function widenToFaintInk(image: GrayImage, [x0, y0, x1, y1]: BBox): BBox {
  const { width, height, data } = image;
  const gap = Math.max(2, Math.round(FAINT_GAP * (y1 - y0)));
  const faintIn = (x: number, top: number, bottom: number) => {
    let n = 0;
    for (let y = top; y < bottom; y++) if (data[y * width + x]! < FAINT) n++;
    return n;
  };
  const walk = (from: number, step: number, stop: number): number => {
    let edge = from, blank = 0;
    for (let x = from + step; x !== stop && blank <= gap; x += step) {
      if (faintIn(x, 0, height) >= BORDER_SHARE * height) break;
      if (faintIn(x, y0, y1) > 0) {
        edge = x;
        blank = 0;
      } else blank++;
    }
    return edge;
  };
  return [walk(x0, -1, -1), y0, x1, y1];
}
