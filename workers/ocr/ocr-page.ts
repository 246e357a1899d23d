import type { BBox, ExtractedPage, PageOcr, Rule, TextItem } from '../../schemas/index.ts';
import { findGrids } from '../grid/find-grids.ts';
import { DASH_CONFIDENCE, dashIn, withoutDoubledDigit, withoutSpecks } from './cell-marks.ts';
import { withComparatorBars } from './comparator-bar.ts';
import { flattenBackground } from './flatten.ts';
import { crop, rotateQuarter, type GrayImage } from './gray-image.ts';
import { LONG_STROKE, withoutLongStrokes } from './long-strokes.ts';
import type { OcrDecision } from './needs-ocr.ts';
import type { OcrEngine, OcrLine } from './ocr-engine.ts';
import { cutZones, inZone, zoneRules, type Zone } from './ocr-zones.ts';
import { inkOf, splitLines } from './text-lines.ts';

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

/**
 * A cell holding fewer ink pixels than this (at 200 dpi) is blank: not worth an OCR call. A count, not a
 * share: a wide merged cell (总分) holds two characters in a sea of white, and a lone faint digit of a light
 * scan can be as little as a few dozen pixels (40 lost a third of the scores of one corpus scan).
 */
const BLANK_INK_PIXELS = 12;
/**
 * Ink (pixels at 200 dpi) under which the page around the tables is taken as empty: less than two characters
 * of body text. A count, not a share of the page: a landscape page whose table fills it may carry nothing
 * else but its title and 单位：万元, 0.08% of its pixels, and those name the table.
 */
const BLANK_ZONE_PIXELS = 300;
const DPI200 = 200 / 72;
/** Cells read to decide which way up a sideways page is. */
const ORIENTATION_SAMPLE = 6;
/**
 * Cells read on every page to see that it is upright, and the mean confidence they reach when it is:
 * upright print reads at 0.9 and more, text lying sideways far below.
 */
const UPRIGHT_SAMPLE = 2;
const UPRIGHT = 0.7;

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
  const asIs = layoutAt(page, flat, scale, decision, 0);
  const mayTurn = decision.kind === 'page' && decision.reason !== 'garbage-text';
  const layout = mayTurn && (page.width > page.height || !(await readsUpright(asIs, scale, engine)))
    ? await uprightLayout(page, flat, scale, decision, engine, asIs)
    : asIs;
  const boxes = decision.kind === 'regions' ? decision.boxes : [];
  const items: TextItem[] = page.items.filter((i) => boxes.length > 0 && !boxes.some((b) => centreIn(i.bbox, b)));
  let cells = 0;
  for (const cell of layout.cells) {
    const inside = cellImage(cell, scale);
    if (!inside) continue;
    cells++;
    // Every cell is cut into its lines and each line read: a header wrapped as 年度指标 / 值 in a cell no
    // taller than one line of a larger size would otherwise be read as one line, and its last line lost.
    const lines = await readCell(inside.image, engine, scale);
    items.push(...lines.map((l) => toItem(l, cell.zone, inside.x, inside.y, scale)));
  }
  for (const zone of layout.zones) {
    const blanked = withoutLongStrokes(blankOut(zone, layout.tables, scale), LONG_STROKE * scale);
    if (inkShare(blanked) * blanked.data.length < BLANK_ZONE_PIXELS * (scale / DPI200) ** 2) continue;
    const lines = await engine.recognize(blanked, 'sparse');
    items.push(...lines.map((l) => toItem(l, zone, 0, 0, scale)).filter((i) => !layout.tables.some((t) => centreIn(i.bbox, t))));
  }
  const { quarterTurns, width, height, rules } = layout;
  return { items, rules, cells, skew: layout.zones[0]?.skew ?? 0, quarterTurns, width, height };
}

/** The page as OCR read it: its text and rules replaced by the outcome's, and how it was read (why, engine, time). */
export function pageReadByOcr(page: ExtractedPage, outcome: OcrOutcome, reason: PageOcr['reason'], engine: string, ms: number): ExtractedPage {
  return {
    ...page, width: outcome.width, height: outcome.height, items: outcome.items, rules: outcome.rules,
    ocr: { reason, engine, cells: outcome.cells, skew: outcome.skew, rotation: (outcome.quarterTurns * 90) as 0 | 90 | 270, ms },
  };
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
 * A landscape page may be a portrait form scanned sideways, and a portrait page a landscape one: of the
 * three ways up, the one whose one-line cells read best wins.
 */
async function uprightLayout(page: ExtractedPage, flat: GrayImage, scale: number, decision: Exclude<OcrDecision, { kind: 'none' }>, engine: OcrEngine, asIs: Layout): Promise<Layout> {
  let best: { layout: Layout; score: number } | null = null;
  for (const layout of [asIs, layoutAt(page, flat, scale, decision, 1), layoutAt(page, flat, scale, decision, 3)]) {
    const { score } = await readingScore(layout, scale, engine, ORIENTATION_SAMPLE);
    if (!best || score > best.score) best = { layout, score };
  }
  return best!.layout;
}

/** A page's one-line cells read as upright print reads: something, with confidence (checked on every portrait page). */
async function readsUpright(layout: Layout, scale: number, engine: OcrEngine): Promise<boolean> {
  const { lines, confidence } = await readingScore(layout, scale, engine, UPRIGHT_SAMPLE);
  return lines > 0 && confidence >= UPRIGHT;
}

/**
 * How well a layout's cells holding one line of text read. A cell's ink that makes one band lying down
 * (wider than tall) is a line if the layout is upright; read whole as a line, it reads as words and
 * figures. On a page turned a quarter those bands are single characters or columns of them, and read as
 * lines they come back as garbage (read as blocks they would not: cut per character, PP-OCR reads a CJK
 * character turned a quarter as itself). The biggest such cells are read; `score` sums confidence ×
 * length, `confidence` is the mean over `lines`.
 */
async function readingScore(layout: Layout, scale: number, engine: OcrEngine, cells: number): Promise<{ score: number; confidence: number; lines: number }> {
  const sample = layout.cells
    .map((cell) => cellImage(cell, scale))
    .filter((c): c is NonNullable<typeof c> => c !== null && liesDown(c.image))
    .sort((a, b) => b.image.width * b.image.height - a.image.width * a.image.height)
    .slice(0, cells);
  let score = 0, sum = 0, n = 0;
  for (const c of sample) {
    for (const line of await engine.recognize(c.image, 'line')) {
      score += line.confidence * line.text.length;
      sum += line.confidence;
      n++;
    }
  }
  return { score, confidence: n ? sum / n : 0, lines: n };
}

/** The ink of a cell as one band of text lying down: a single line, at least twice as wide as tall. */
function liesDown(image: GrayImage): boolean {
  const bands = splitLines(inkOf(image));
  if (bands.length !== 1) return false;
  const [x0, y0, x1, y1] = bands[0]!;
  return x1 - x0 >= 2 * (y1 - y0);
}

/** Characters in a first reading up to which a cell is re-read as a number. */
const SHORT = 8;

/**
 * A cell's lines: its ink cut into text lines, each read. A short reading (a score, an amount, a rate)
 * gets a second, number-only reading of the ink cut tight with a white margin; the more confident wins.
 */
async function readCell(image: GrayImage, engine: OcrEngine, scale: number): Promise<OcrLine[]> {
  const dash = dashIn(image, scale);
  if (dash) return [{ text: '—', bbox: dash, confidence: DASH_CONFIDENCE }];
  const first = withoutSpecks(await engine.recognize(image, 'block'));
  const text = first.map((l) => l.text).join('');
  if (first.length > 1 || text.length > SHORT) return withComparatorBars(image, first);
  const tight = tightCrop(image, 20);
  if (!tight) return withComparatorBars(image, withoutDoubledDigit(image, first));
  const second = (await engine.recognize(tight.image, 'number')).map((l) => ({ ...l, bbox: shift(l.bbox, tight.dx, tight.dy) }));
  const confidence = (lines: OcrLine[]) => (lines.length ? Math.min(...lines.map((l) => l.confidence)) : 0);
  return withComparatorBars(image, withoutDoubledDigit(image, second.length && confidence(second) > confidence(first) ? second : first));
}

/** The ink's bounding box with a white margin; `dx`/`dy` map its pixels back into the original image. */
function tightCrop(image: GrayImage, margin: number): { image: GrayImage; dx: number; dy: number } | null {
  let x0 = image.width, y0 = image.height, x1 = -1, y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x]! >= 128) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) return null;
  const ink = crop(image, x0, y0, x1 + 1, y1 + 1);
  const width = ink.width + 2 * margin, height = ink.height + 2 * margin;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < ink.height; y++) data.set(ink.data.subarray(y * ink.width, (y + 1) * ink.width), (y + margin) * width + margin);
  return { image: { width, height, data }, dx: x0 - margin, dy: y0 - margin };
}

const shift = ([x0, y0, x1, y1]: BBox, dx: number, dy: number): BBox => [x0 + dx, y0 + dy, x1 + dx, y1 + dy];

/** The inside of a cell (borders cut off), or null when it is blank. */
function cellImage(cell: Cell, scale: number): { image: GrayImage; x: number; y: number } | null {
  const inset = 2 * scale;
  const [x0, y0, x1, y1] = cell.box;
  const image = crop(cell.zone.image, x0 + inset, y0 + inset, x1 - inset, y1 - inset);
  if (image.width < 4 || image.height < 4 || inkShare(image) * image.data.length < BLANK_INK_PIXELS * (scale / DPI200) ** 2) return null;
  return { image, x: x0 + inset, y: y0 + inset };
}

function toItem(line: OcrLine, zone: Zone, dx: number, dy: number, scale: number): TextItem {
  const [x0, y0, x1, y1] = line.bbox;
  const box: BBox = [(zone.x + dx + x0) / scale, (zone.y + dy + y0) / scale, (zone.x + dx + x1) / scale, (zone.y + dy + y1) / scale];
  const item: TextItem = { text: line.text, bbox: box, fontSize: Math.max(1, (y1 - y0) / scale), source: 'ocr', confidence: line.confidence };
  return line.alternatives?.length ? { ...item, alternatives: line.alternatives } : item;
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

/** Share of pixels darker than mid-light grey: the faint strokes of a light scan count as ink. */
function inkShare(image: GrayImage): number {
  let ink = 0;
  for (const v of image.data) if (v < 160) ink++;
  return ink / Math.max(1, image.data.length);
}

const centreIn = ([x0, y0, x1, y1]: BBox, [bx0, by0, bx1, by1]: BBox): boolean => {
  const x = (x0 + x1) / 2, y = (y0 + y1) / 2;
  return x >= bx0 && x <= bx1 && y >= by0 && y <= by1;
};

const insideAny = (r: Rule, boxes: BBox[]): boolean => boxes.some((b) => (r.axis === 'h' ? centreIn([r.from, r.at, r.to, r.at], b) : centreIn([r.at, r.from, r.at, r.to], b)));
