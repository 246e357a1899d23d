import type { BBox, Cell, Table, TextItem } from '../../schemas/index.ts';
import { groupLines, isWide, unionBox, type TextLine } from './text-lines.ts';

/** A gap this wide (in font sizes) between two runs of a line separates cells; text within a cell runs closer (justified prose less than a third). */
const CELL_GAP = 0.5;
/** A line of text closer than this share of the usual gap between rows to a row is that row's wrapped text. */
const WRAP_GAP = 0.6;
/** Lines further apart than this (in line heights) are not rows of one table. */
const ROW_GAP = 2.5;
/** A block needs this many rows holding a number to be a table rather than a few words set apart. */
const MIN_NUMBER_ROWS = 2;
const NUMBER = /^[-−(（]?[\d,]*\d(\.\d+)?[)）%]?$/;

type Chunk = { text: string; bbox: BBox; items: TextItem[] };

/**
 * Tables drawn without ruling lines (an Excel sheet exported with no borders, or with only some): the lines of
 * text under a line the caller names a table's start (its title, its `单位：万元` line) that fall apart into runs
 * separated by wide gaps. Columns are where the runs of the rows holding numbers lie; each line is a row; a header
 * run over several columns spans them. Returns the tables and the lines left outside them.
 */
export function alignedTables(
  page: number,
  lines: readonly TextLine[],
  ruled: readonly BBox[],
  startsTable: (text: string) => boolean,
  /**
   * The column edges of an unruled table the page before ends with: this page's first lines may be its rows, with
   * no heading (columns blank all down this page still count).
   */
  continuing: readonly number[] | null = null,
): { tables: Table[]; lines: TextLine[] } {
  const used = new Set<TextLine>();
  const tables: Table[] = [];
  for (let i = continuing ? -1 : 0; i < lines.length; i++) {
    if (i >= 0 && !startsTable(lines[i]!.text)) continue;
    // The heading's own lines (title, unit, 单位名称) are not rows; the block starts at the first line that splits.
    let j = i + 1;
    while (j < lines.length && chunksOf(lines[j]!).length < 2 && startsTable(lines[j]!.text)) j++;
    const block: TextLine[] = [];
    let previous = j > 0 ? lines[j - 1]! : lines[0]!;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const height = line.bbox[3] - line.bbox[1];
      if (line !== previous && (line.bbox[1] - previous.bbox[3] > ROW_GAP * height || between(ruled, previous, line)) || startsTable(line.text)) break;
      // A line of one run goes on only as a wrapped name (rows go on under it) or just under the last row.
      const next = lines[j + 1];
      const goesOn = next !== undefined && chunksOf(next).length >= 2 && next.bbox[1] - line.bbox[3] <= ROW_GAP * height;
      if (chunksOf(line).length < 2 && !block.length) break;
      if (chunksOf(line).length < 2 && !goesOn && line.bbox[1] - previous.bbox[3] > height) break;
      block.push(line);
      previous = line;
    }
    const found = block.length ? tableOf(page, block, continuing) : null;
    if (!found) continue;
    tables.push(found.table);
    for (const line of found.used) used.add(line);
    i = lines.indexOf(found.used[found.used.length - 1]!);
  }
  return { tables, lines: lines.filter((l) => !used.has(l)) };
}

/** A ruled table lies between two lines: they are not rows of one unruled table. */
const between = (ruled: readonly BBox[], a: TextLine, b: TextLine): boolean =>
  ruled.some((box) => box[1] >= a.bbox[3] - 1 && box[3] <= b.bbox[1] + 1);

/** A code and a name pdf.js joined into one run with a space (`2010601 行政运行`): two cells in a table. */
const CODE_AND_NAME = /^(\d{3,7})(\s+)(\D.*)$/;
const widthOf = (text: string): number => [...text].reduce((w, ch) => w + (isWide(ch) ? 1 : 0.5), 0);

/** The item cut where a code ends and a name starts, each part with its share of the box by character widths. */
function splitCodeAndName(item: TextItem): TextItem[] {
  const match = CODE_AND_NAME.exec(item.text.trim());
  if (!match) return [item];
  const [, code, space, name] = match as unknown as [string, string, string, string];
  const [x0, y0, x1, y1] = item.bbox;
  const unit = (x1 - x0) / widthOf(code + space + name);
  const codeEnd = x0 + widthOf(code) * unit;
  const nameStart = x1 - widthOf(name) * unit;
  return [{ ...item, text: code, bbox: [x0, y0, codeEnd, y1] }, { ...item, text: name, bbox: [nameStart, y0, x1, y1] }];
}

function chunksOf(line: TextLine): Chunk[] {
  const out: Chunk[] = [];
  for (const item of line.items.flatMap(splitCodeAndName).sort((a, b) => a.bbox[0] - b.bbox[0])) {
    const last = out[out.length - 1];
    const gap = last ? item.bbox[0] - last.bbox[2] : Infinity;
    if (last && gap < CELL_GAP * Math.max(item.fontSize, 1)) {
      last.items.push(item);
      last.bbox = unionBox([last.bbox, item.bbox]);
      last.text = groupLines(last.items).map((l) => l.text).join('');
    } else {
      out.push({ text: item.text.trim(), bbox: item.bbox, items: [item] });
    }
  }
  return out.filter((c) => c.text);
}

/**
 * Where one column ends and the next begins. A column of numbers set flush right ends just after them, its header
 * may start anywhere to their left; a column set flush left (names, codes, numbers as some sheets print them)
 * begins just before its runs. Which it is: the side where the runs line up.
 */
function edgeBetween(left: [number, number], right: [number, number], runs: readonly Chunk[]): number {
  const inBand = (band: [number, number]) => runs.filter((c) => c.bbox[0] >= band[0] - 0.5 && c.bbox[2] <= band[1] + 0.5);
  const flushRight = (band: [number, number]) => {
    const list = inBand(band);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const [starts, ends] = [spread(list.map((c) => c.bbox[0])), spread(list.map((c) => c.bbox[2]))];
    // Runs of one width line up on both sides: numbers are then taken to be set flush right, as sheets print them.
    if (list.length < 2 || Math.abs(starts - ends) <= 1) return list.every((c) => NUMBER.test(c.text.replace(/\s+/g, '')));
    return ends < starts;
  };
  if (!flushRight(right)) return right[0] - 1;
  if (flushRight(left)) return left[1] + 1;
  return (left[1] + right[0]) / 2;
}

const hasNumber = (chunks: readonly Chunk[]): boolean => chunks.some((c) => NUMBER.test(c.text.replace(/\s+/g, '')));

/**
 * Lines of a cell's wrapped text (a long name over two lines) are not rows: a line without a number that sits
 * much closer to a row holding numbers than rows sit to each other joins that row, its runs in their columns.
 */
function joinWrapped(block: readonly TextLine[]): TextLine[][] {
  const numeric = block.map((l) => hasNumber(chunksOf(l)));
  const gaps = block.slice(1).map((l, k) => l.bbox[1] - block[k]!.bbox[3]);
  const rowGaps = gaps.filter((_, k) => numeric[k] && numeric[k + 1]).sort((a, b) => a - b);
  const usual = rowGaps[Math.floor(rowGaps.length / 2)];
  const groups: TextLine[][] = block.map((l) => [l]);
  if (usual === undefined || usual <= 0) return groups;
  const target = block.map((_, k) => {
    if (numeric[k]) return k;
    const up = k > 0 && numeric[k - 1] ? gaps[k - 1]! : Infinity;
    const down = k < block.length - 1 && numeric[k + 1] ? gaps[k]! : Infinity;
    const near = Math.min(up, down);
    return near < WRAP_GAP * usual ? (up <= down ? k - 1 : k + 1) : k;
  });
  return block.map((_, k) => k).filter((k) => target[k] === k).map((k) => block.filter((_, j) => target[j] === k));
}

function tableOf(page: number, all: readonly TextLine[], edges: readonly number[] | null): { table: Table; used: TextLine[] } | null {
  const lines = joinWrapped(all);
  // Lines of text under the last row (a note, the prose going on) are not rows.
  while (lines.length && !hasNumber(lines[lines.length - 1]!.flatMap(chunksOf))) lines.pop();
  const rows = lines.map((group) => group.flatMap(chunksOf));
  const numeric = rows.filter((r) => r.length >= 2 && hasNumber(r));
  // A table's last row may be all its next page holds.
  if (numeric.length < (edges ? 1 : MIN_NUMBER_ROWS)) return null;
  // Columns: the union of where the runs of the number rows lie; header runs may span several.
  const bands: [number, number][] = [];
  for (const [x0, , x1] of numeric.flat().map((c) => c.bbox).sort((a, b) => a[0] - b[0])) {
    const last = bands[bands.length - 1];
    if (last && x0 <= last[1]) last[1] = Math.max(last[1], x1);
    else bands.push([x0, x1]);
  }
  if (bands.length < 2 && !edges) return null;
  const block = lines.flat();
  const own = unionBox(block.map((l) => l.bbox));
  const boxes = lines.map((group) => unionBox(group.map((l) => l.bbox)));
  const found = [own[0], ...bands.slice(1).map((b, k) => edgeBetween(bands[k]!, b, numeric.flat())), own[2]];
  // A page's own columns where it shows them all; the page before's where some are blank all down this one.
  const colEdges = edges && found.length !== edges.length && own[0] >= edges[0]! - 2 && own[2] <= edges[edges.length - 1]! + 2 ? [...edges] : found;
  const bbox: BBox = [colEdges[0]!, own[1], colEdges[colEdges.length - 1]!, own[3]];
  const rowEdges = [bbox[1], ...boxes.slice(1).map((b, k) => (boxes[k]![3] + b[1]) / 2), bbox[3]];
  const cells: Cell[] = [];
  rows.forEach((chunks, row) => {
    const [y0, y1] = [rowEdges[row]!, rowEdges[row + 1]!];
    const taken = new Map<number, Chunk[]>();
    const spans = new Map<number, number>();
    const overlapped = chunks.map((chunk) => colEdges.slice(0, -1).map((_, c) => c).filter((c) => chunk.bbox[0] < colEdges[c + 1]! - 1 && chunk.bbox[2] > colEdges[c]! + 1));
    // A run over several columns spans them (a merged header) unless another run of the row is in one of them.
    const owned = new Map<number, number>();
    overlapped.forEach((cols, k) => cols.length === 1 && owned.set(cols[0]!, k));
    chunks.forEach((chunk, k) => {
      const mid = (chunk.bbox[0] + chunk.bbox[2]) / 2;
      const centre = Math.max(0, colEdges.findIndex((e) => e > mid) - 1);
      const cols = overlapped[k]!.length > 1 && overlapped[k]!.some((c) => owned.has(c) && owned.get(c) !== k) ? [centre] : overlapped[k]!;
      const first = cols.length ? cols[0]! : centre;
      taken.set(first, [...(taken.get(first) ?? []), chunk]);
      spans.set(first, Math.max(spans.get(first) ?? 1, cols.length || 1));
    });
    for (let col = 0; col < colEdges.length - 1; ) {
      const inCell = taken.get(col) ?? [];
      const span = Math.min(spans.get(col) ?? 1, colEdges.length - 1 - col);
      const items = inCell.flatMap((c) => c.items);
      cells.push({
        row, col, rowSpan: 1, colSpan: span, bbox: [colEdges[col]!, y0, colEdges[col + span]!, y1],
        text: inCell.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]).map((c) => c.text).join(''),
        source: items.some((t) => t.source === 'ocr') ? 'ocr' : 'text-layer',
        confidence: items.length ? Math.min(...items.map((t) => t.confidence)) : 1,
      });
      col += span;
    }
  });
  return { table: { page, bbox, rowEdges, colEdges, cells }, used: block };
}
