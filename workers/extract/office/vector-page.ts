import type { BBox, Rule, TextItem } from '../../../schemas/index.ts';
import type { Metafile } from './metafile.ts';

/** A stroke counts as a rule when it leans less than this share of its length (drawn tables are axis-aligned). */
const LEAN = 0.02;
const MIN_RULE = 2;
const POINTS_PER_MM = 72 / 25.4;
/** Points per logical unit where the metafile states no frame: 96 units an inch, as Windows draws. */
const DEFAULT_POINTS_PER_UNIT = 0.75;

/** The extent of what a metafile draws, in logical units, and its size on the page in points. */
export function vectorExtent(metafile: Metafile): { extent: BBox; width: number; height: number } | null {
  const boxes: BBox[] = [...metafile.texts.map((t) => t.box), ...metafile.segments.map(([a, b, c, d]): BBox => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)])];
  if (!boxes.length) return null;
  const extent: BBox = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  const w = Math.max(1, extent[2] - extent[0]), h = Math.max(1, extent[3] - extent[1]);
  // The frame says how wide the picture prints; what it draws fills about that (Word fits the frame to the drawing).
  const width = metafile.frameMm[0] > 0 ? metafile.frameMm[0] * POINTS_PER_MM : w * DEFAULT_POINTS_PER_UNIT;
  return { extent, width, height: (width * h) / w };
}

/**
 * What a vector metafile draws, as a PDF page gives it: its strings as text items and its axis-aligned strokes as
 * ruling lines, mapped into `box` on the page. The page's tables are then rebuilt from the rules as a PDF's are.
 */
export function vectorContent(metafile: Metafile, box: BBox): { items: TextItem[]; rules: Rule[] } {
  const found = vectorExtent(metafile);
  if (!found) return { items: [], rules: [] };
  const { extent } = found;
  const scale = (box[2] - box[0]) / Math.max(1, extent[2] - extent[0]);
  const px = (x: number) => box[0] + (x - extent[0]) * scale;
  const py = (y: number) => box[1] + (y - extent[1]) * scale;
  const items: TextItem[] = metafile.texts.map((t) => ({
    text: t.text, bbox: [px(t.box[0]), py(t.box[1]), px(t.box[2]), py(t.box[3])], fontSize: t.height * scale, source: 'structure', confidence: 1,
  }));
  const rules: Rule[] = [];
  for (const [a, b, c, d] of metafile.segments) {
    const [x0, y0, x1, y1] = [px(a), py(b), px(c), py(d)];
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < MIN_RULE) continue;
    if (Math.abs(y1 - y0) <= LEAN * length) rules.push({ axis: 'h', at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
    else if (Math.abs(x1 - x0) <= LEAN * length) rules.push({ axis: 'v', at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
  }
  return { items, rules };
}
