import type { BBox, ExtractedPage, Rule, TextItem } from '../../schemas/index.ts';
import { findGrids } from '../normalize/find-grids.ts';
import { flattenBackground } from './flatten.ts';
import { crop, rotateQuarter, type GrayImage } from './gray-image.ts';
import type { OcrDecision } from './needs-ocr.ts';
import type { OcrEngine, OcrLine } from './ocr-engine.ts';
import { cutZones, inZone, zoneRules, type Zone } from './ocr-zones.ts';

export type OcrOutcome = {
  items: TextItem[];
  rules: Rule[];
  cells: number;
  skew: number;
  /** Quarter turns (clockwise) applied to read a page printed sideways; the outcome is in the turned frame. */
  quarterTurns: number;
  width: number;
  height: number;
};

/** Cells whose inside holds less ink than this share are blank: not worth an OCR call. */
const BLANK_INK = 0.004;
/** A cell this tall (points) or taller may hold several lines. */
const MULTI_LINE = 26;
/** Cells read to decide which way up a sideways page is. */
const ORIENTATION_SAMPLE = 6;

type Layout = { quarterTurns: number; width: number; height: number; zones: Zone[]; rules: Rule[]; cells: Cell[]; tables: BBox[] };
type Cell = { bbox: BBox; zone: Zone; box: BBox };

/**
 * Table-aware OCR of a page: the table grid is found first (vector rules when the PDF has them, else
 * lines in the image), then every non-blank cell is read on its own, so narrow columns cannot interleave
 * and borders are not read as characters; text outside tables is read with the tables blanked out.
 * The result has the same shape as a text layer, so normalize does not care where text came from.
 */
export async function ocrPage(page: ExtractedPage, image: GrayImage, scale: number, decision: Exclude<OcrDecision, { kind: 'none' }>, engine: OcrEngine): Promise<OcrOutcome> {
  const flat = flattenBackground(image);
  const layout = page.width > page.height && decision.kind === 'page' && decision.reason !== 'garbage-text'
    ? await uprightLayout(page, flat, scale, decision, engine)
    : layoutAt(page, flat, scale, decision, 0);
  const boxes = decision.kind === 'regions' ? decision.boxes : [];
  const items: TextItem[] = page.items.filter((i) => boxes.length > 0 && !boxes.some((b) => centreIn(i.bbox, b)));
  let cells = 0;
  for (const cell of layout.cells) {
    const inside = cellImage(cell, scale);
    if (!inside) continue;
    cells++;
    const lines = await engine.recognize(inside.image, cell.bbox[3] - cell.bbox[1] >= MULTI_LINE ? 'block' : 'line');
    items.push(...lines.map((l) => toItem(l, cell.zone, inside.x, inside.y, scale)));
  }
  for (const zone of layout.zones) {
    const blanked = blankOut(zone, layout.tables, scale);
    if (inkShare(blanked) < BLANK_INK / 4) continue;
    const lines = await engine.recognize(blanked, 'sparse');
    items.push(...lines.map((l) => toItem(l, zone, 0, 0, scale)).filter((i) => !layout.tables.some((t) => centreIn(i.bbox, t))));
  }
  const { quarterTurns, width, height, rules } = layout;
  return { items, rules, cells, skew: layout.zones[0]?.skew ?? 0, quarterTurns, width, height };
}

/** Grid and cells of the page turned by `quarterTurns`; for 0 the page frame itself. */
function layoutAt(page: ExtractedPage, flat: GrayImage, scale: number, decision: Exclude<OcrDecision, { kind: 'none' }>, quarterTurns: number): Layout {
  const turned = rotateQuarter(flat, quarterTurns);
  const sideways = quarterTurns % 2 === 1;
  const width = sideways ? page.height : page.width, height = sideways ? page.width : page.height;
  const boxes: BBox[] = decision.kind === 'regions' ? decision.boxes : [[0, 0, width, height]];
  const vector = decision.reason === 'garbage-text' && page.rules.length > 0;
  const zones = cutZones(turned, boxes, scale, !vector);
  const rules = vector ? page.rules : [...zoneRules(zones, scale), ...page.rules.filter((r) => !insideAny(r, boxes))];
  const grids = findGrids(rules);
  const cells = grids.flatMap((g) => g.cells).flatMap((c) => {
    const where = inZone(zones, c.bbox, scale);
    return where ? [{ bbox: c.bbox, zone: where.zone, box: where.box }] : [];
  });
  return { quarterTurns, width, height, zones, rules, cells, tables: grids.map((g) => g.bbox) };
}

/**
 * A landscape page may be a portrait form scanned sideways: of the three ways up, the one whose biggest
 * non-blank cells OCR reads with the most confidence wins.
 */
async function uprightLayout(page: ExtractedPage, flat: GrayImage, scale: number, decision: Exclude<OcrDecision, { kind: 'none' }>, engine: OcrEngine): Promise<Layout> {
  let best: { layout: Layout; score: number } | null = null;
  for (const turns of [0, 1, 3]) {
    const layout = layoutAt(page, flat, scale, decision, turns);
    const sample = layout.cells
      .map((cell) => cellImage(cell, scale))
      .filter((c): c is NonNullable<typeof c> => c !== null)
      .sort((a, b) => b.image.width * b.image.height - a.image.width * a.image.height)
      .slice(0, ORIENTATION_SAMPLE);
    let score = 0;
    for (const c of sample) for (const line of await engine.recognize(c.image, 'block')) score += line.confidence * line.text.length;
    if (!best || score > best.score) best = { layout, score };
  }
  return best!.layout;
}

/** The inside of a cell (borders cut off), or null when it is blank. */
function cellImage(cell: Cell, scale: number): { image: GrayImage; x: number; y: number } | null {
  const inset = 2 * scale;
  const [x0, y0, x1, y1] = cell.box;
  const image = crop(cell.zone.image, x0 + inset, y0 + inset, x1 - inset, y1 - inset);
  if (image.width < 4 || image.height < 4 || inkShare(image) < BLANK_INK) return null;
  return { image, x: x0 + inset, y: y0 + inset };
}

function toItem(line: OcrLine, zone: Zone, dx: number, dy: number, scale: number): TextItem {
  const [x0, y0, x1, y1] = line.bbox;
  const box: BBox = [(zone.x + dx + x0) / scale, (zone.y + dy + y0) / scale, (zone.x + dx + x1) / scale, (zone.y + dy + y1) / scale];
  return { text: line.text, bbox: box, fontSize: Math.max(1, (y1 - y0) / scale), source: 'ocr', confidence: line.confidence };
}

/** The zone's image with the tables painted white, for reading what is printed around them. */
function blankOut(zone: Zone, tables: BBox[], scale: number): GrayImage {
  const data = Uint8Array.from(zone.image.data);
  for (const [x0, y0, x1, y1] of tables) {
    const left = Math.max(0, Math.floor(x0 * scale - zone.x) - 3), right = Math.min(zone.image.width, Math.ceil(x1 * scale - zone.x) + 3);
    const top = Math.max(0, Math.floor(y0 * scale - zone.y) - 3), bottom = Math.min(zone.image.height, Math.ceil(y1 * scale - zone.y) + 3);
    for (let y = top; y < bottom; y++) data.fill(255, y * zone.image.width + left, y * zone.image.width + Math.max(left, right));
  }
  return { ...zone.image, data };
}

function inkShare(image: GrayImage): number {
  let ink = 0;
  for (const v of image.data) if (v < 128) ink++;
  return ink / Math.max(1, image.data.length);
}

const centreIn = ([x0, y0, x1, y1]: BBox, [bx0, by0, bx1, by1]: BBox): boolean => {
  const x = (x0 + x1) / 2, y = (y0 + y1) / 2;
  return x >= bx0 && x <= bx1 && y >= by0 && y <= by1;
};

const insideAny = (r: Rule, boxes: BBox[]): boolean => boxes.some((b) => (r.axis === 'h' ? centreIn([r.from, r.at, r.to, r.at], b) : centreIn([r.at, r.from, r.at, r.to], b)));
