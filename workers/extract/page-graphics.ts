import type { BBox, Rule } from '../../schemas/index.ts';
import type { PDFPageProxy } from './pdf.ts';
import { PageTooLargeError } from './page-limits.ts';
import { pdfjs } from './pdf.ts';

type Matrix = [number, number, number, number, number, number];
type Point = [number, number];

/** Ruling lines, painted images and text-mode facts read from a page's operator list. */
export type PageGraphics = {
  rules: Rule[];
  images: BBox[];
  invisibleText: boolean;
};

const OPS = pdfjs.OPS;
// Path drawing codes inside constructPath's buffer (pdf.js ≥ 5.1 "DrawOPS").
const MOVE = 0, LINE = 1, CURVE = 2, QUAD = 3, CLOSE = 4;
const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const IMAGES = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObjectRepeat, OPS.paintSolidColorImageMask]);

/** A segment counts as axis-aligned when it leans less than this (points) over its length. */
const SKEW = 0.8;
/** Filled rectangles thinner than this (points) are drawn rules (Word, WPS and Excel draw borders so). */
const THIN = 2.5;
const MIN_RULE = 2;

/**
 * Walks the operator list tracking the CTM (save/restore/transform and form XObjects) and turns stroked
 * segments and thin filled rectangles into ruling lines in displayed-page space (top-left origin).
 */
export async function readPageGraphics(page: PDFPageProxy, viewport: Matrix, maxOperators = Infinity): Promise<PageGraphics> {
  const { fnArray, argsArray } = await page.getOperatorList();
  if (fnArray.length > maxOperators) {
    throw new PageTooLargeError(`too many drawing operations to read (${fnArray.length}, the limit is ${maxOperators}): hatching, or a damaged page`);
  }
  const rules: Rule[] = [];
  const images: BBox[] = [];
  let invisibleText = false;
  let textMode = 0;
  let ctm: Matrix = viewport;
  const stack: Matrix[] = [];
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args?.[0])) ctm = multiply(ctm, args[0] as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.setTextRenderingMode) textMode = Number(args?.[0]);
    else if (fn === OPS.showText && (textMode === 3 || textMode === 7)) invisibleText = true;
    else if (IMAGES.has(fn)) images.push(boxOf([[0, 0], [1, 0], [0, 1], [1, 1]].map((p) => apply(ctm, p as Point))));
    else if (fn === OPS.constructPath && args) addPathRules(args, ctm, rules);
  }
  return { rules, images, invisibleText };
}

function addPathRules(args: unknown[], ctm: Matrix, out: Rule[]): void {
  const paint = Number(args[0]);
  const data = (args[1] as unknown[] | undefined)?.[0];
  if (!(data instanceof Float32Array) || !(STROKES.has(paint) || FILLS.has(paint))) return;
  for (const path of subpaths(data)) {
    const points = path.points.map((p) => apply(ctm, p));
    if (STROKES.has(paint)) {
      for (let k = 1; k < points.length; k++) addSegment(points[k - 1]!, points[k]!, out);
      if (path.closed && points.length > 2) addSegment(points[points.length - 1]!, points[0]!, out);
    }
    if (FILLS.has(paint) && (path.closed || points.length >= 4)) addThinRectangle(points, out);
  }
}

type Subpath = { points: Point[]; closed: boolean; curved: boolean };

function subpaths(data: Float32Array): Subpath[] {
  const paths: Subpath[] = [];
  let current: Subpath | null = null;
  for (let k = 0; k < data.length; ) {
    const op = data[k++];
    if (op === MOVE) {
      current = { points: [[data[k]!, data[k + 1]!]], closed: false, curved: false };
      paths.push(current);
      k += 2;
    } else if (op === LINE) {
      current?.points.push([data[k]!, data[k + 1]!]);
      k += 2;
    } else if (op === CURVE || op === QUAD) {
      const n = op === CURVE ? 6 : 4;
      if (current) {
        current.curved = true;
        current.points.push([data[k + n - 2]!, data[k + n - 1]!]);
      }
      k += n;
    } else if (op === CLOSE) {
      if (current) current.closed = true;
    } else break; // unknown code: the rest of the buffer cannot be decoded safely
  }
  return paths.filter((p) => !p.curved);
}

function addSegment([x0, y0]: Point, [x1, y1]: Point, out: Rule[]): void {
  const dx = Math.abs(x1 - x0), dy = Math.abs(y1 - y0);
  if (dy <= SKEW && dx >= MIN_RULE) out.push({ axis: 'h', at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
  else if (dx <= SKEW && dy >= MIN_RULE) out.push({ axis: 'v', at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
}

function addThinRectangle(points: Point[], out: Rule[]): void {
  const [x0, y0, x1, y1] = boxOf(points);
  const w = x1 - x0, h = y1 - y0;
  if (h <= THIN && w >= MIN_RULE && w > h) out.push({ axis: 'h', at: (y0 + y1) / 2, from: x0, to: x1 });
  else if (w <= THIN && h >= MIN_RULE && h > w) out.push({ axis: 'v', at: (x0 + x1) / 2, from: y0, to: y1 });
}

function multiply(m: Matrix, t: Matrix): Matrix {
  return pdfjs.Util.transform(m, t) as Matrix;
}

function apply(m: Matrix, [x, y]: Point): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function boxOf(points: Point[]): BBox {
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
