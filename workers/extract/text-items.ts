import type { TextItem } from '../../schemas/index.ts';
import type { PDFPageProxy } from './pdf.ts';
import { pdfjs } from './pdf.ts';

type Matrix = [number, number, number, number, number, number];

/** Share of the font size above the baseline; pdf.js gives no ascent with font faces disabled. */
const ASCENT = 0.86;
const DESCENT = 0.14;

/**
 * The page's text layer as items with boxes in displayed-page space (points, top-left origin), so that
 * rotated pages and rotated text come out upright like the ruling lines. Blank runs are dropped: LibreOffice
 * and Word emit wide spaces between cells that would otherwise glue neighbouring cells together.
 */
export async function readTextItems(page: PDFPageProxy, viewport: Matrix): Promise<TextItem[]> {
  const content = await page.getTextContent();
  const items: TextItem[] = [];
  for (const raw of content.items) {
    if (!('str' in raw) || raw.str.trim() === '') continue;
    const m = pdfjs.Util.transform(viewport, raw.transform) as Matrix;
    const fontSize = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]);
    const scale = Math.hypot(raw.transform[0], raw.transform[1]) || 1;
    // raw.width is in page units along the text direction; express it in displayed-page units.
    const length = raw.width * (Math.hypot(m[0], m[1]) / scale);
    items.push({
      text: raw.str,
      bbox: textBox(m, length, fontSize),
      fontSize,
      source: 'text-layer',
      confidence: 1,
    });
  }
  return items;
}

/** Box of a run drawn with matrix m (already in y-down page space) and the given advance length. */
function textBox(m: Matrix, length: number, fontSize: number): [number, number, number, number] {
  const along = unit(m[0], m[1]);
  // The matrix's second column is the glyphs' up direction, already flipped into y-down space.
  const up = unit(m[2], m[3]);
  const corners = [
    [m[4] - up[0] * fontSize * DESCENT, m[5] - up[1] * fontSize * DESCENT],
    [m[4] + up[0] * fontSize * ASCENT, m[5] + up[1] * fontSize * ASCENT],
  ].flatMap(([x, y]) => [
    [x!, y!],
    [x! + along[0] * length, y! + along[1] * length],
  ]);
  const xs = corners.map((c) => c[0]!);
  const ys = corners.map((c) => c[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function unit(x: number, y: number): [number, number] {
  const n = Math.hypot(x, y);
  return n === 0 ? [1, 0] : [x / n, y / n];
}
