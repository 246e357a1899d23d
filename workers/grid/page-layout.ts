import type { ExtractedPage, Table, TextItem } from '../../schemas/index.ts';
import { findGrids, type Grid } from './find-grids.ts';
import { splitAtRules } from './split-items.ts';
import { groupLines, joinLines, type TextLine } from './text-lines.ts';

/** Gaps (font sizes) up to which a line under a table's bottom edge, or under the line before it, still runs on from a cell. */
const FIRST_OVERFLOW_GAP = 2;
const OVERFLOW_GAP = 0.8;

/** A page as tables with text in their cells, and the lines of text outside any table. */
export type PageLayout = { page: number; width: number; height: number; tables: Table[]; lines: TextLine[] };

/** Rebuilds a page's ruled tables and places every text item in a cell or among the free lines. */
export function layoutPage(page: ExtractedPage): PageLayout {
  // A Word, Excel or web-page table is stated cell by cell: nothing to rebuild, and the items are the text around it.
  if (page.tables) return { page: page.number, width: page.width, height: page.height, tables: page.tables, lines: groupLines(page.items) };
  const grids = findGrids(page.rules);
  const verticals = grids.flatMap((g) => g.rules.filter((r) => r.axis === 'v'));
  const items = splitAtRules(page.items, verticals);
  const perCell = grids.map((g) => g.cells.map((): TextItem[] => []));
  const outside: TextItem[] = [];
  for (const item of items) {
    const slot = locate(grids, item);
    if (slot) perCell[slot[0]]![slot[1]]!.push(item);
    else outside.push(item);
  }
  const free = grids.reduce((rest, g, gi) => overflowIntoLastRow(g, rest, perCell[gi]!), outside);
  const tables = grids.map((g, gi) => toTable(page.number, g, perCell[gi]!));
  return { page: page.number, width: page.width, height: page.height, tables, lines: groupLines(free) };
}

/**
 * Text that runs out of the bottom of a table: a merged cell cut by the page's end keeps drawing its
 * lines below the last rule (Beijing's 预算12表 prints a project's name and goal on under the table). Lines
 * straight under a merged cell of the last row, starting close under the table's bottom edge and
 * following each other down without a gap, belong to that cell. A note under a table sits under single
 * cells (a 总分 row); a footer further down stays free.
 */
function overflowIntoLastRow(grid: Grid, outside: TextItem[], perCell: TextItem[][]): TextItem[] {
  const bottom = grid.bbox[3];
  const last = grid.rowEdges.length - 2;
  const taken = new Set<TextItem>();
  grid.cells.forEach((cell, index) => {
    if (cell.rowSpan < 2 || cell.row + cell.rowSpan - 1 !== last) return;
    const [x0, , x1] = cell.bbox;
    const below = outside
      .filter((i) => !taken.has(i) && (i.bbox[0] + i.bbox[2]) / 2 > x0 && (i.bbox[0] + i.bbox[2]) / 2 < x1 && (i.bbox[1] + i.bbox[3]) / 2 > bottom)
      .sort((a, b) => a.bbox[1] - b.bbox[1]);
    let edge = bottom;
    for (const item of below) {
      // Text centred in the merged cell may start lower than the rest.
      if (item.bbox[1] - edge > (edge === bottom ? FIRST_OVERFLOW_GAP : OVERFLOW_GAP) * Math.max(item.fontSize, 1)) break;
      perCell[index]!.push(item);
      taken.add(item);
      edge = Math.max(edge, item.bbox[3]);
    }
  });
  return taken.size ? outside.filter((i) => !taken.has(i)) : outside;
}

function locate(grids: Grid[], item: TextItem): [number, number] | null {
  const x = (item.bbox[0] + item.bbox[2]) / 2, y = (item.bbox[1] + item.bbox[3]) / 2;
  for (let g = 0; g < grids.length; g++) {
    const grid = grids[g]!;
    const [tx0, ty0, tx1, ty1] = grid.bbox;
    if (x < tx0 || x > tx1 || y < ty0 || y > ty1) continue;
    const c = grid.cells.findIndex(({ bbox: [x0, y0, x1, y1] }) => x >= x0 && x <= x1 && y >= y0 && y <= y1);
    if (c >= 0) return [g, c];
  }
  return null;
}

function toTable(page: number, grid: Grid, items: TextItem[][]): Table {
  return {
    page,
    bbox: grid.bbox,
    rowEdges: grid.rowEdges,
    colEdges: grid.colEdges,
    cells: grid.cells.map((cell, i) => {
      const inCell = items[i]!;
      const confidence = inCell.length ? Math.min(...inCell.map((t) => t.confidence)) : 1;
      const text = cellText(inCell);
      const alternatives = alternativeTexts(inCell, text);
      return {
        ...cell,
        text,
        source: inCell.some((t) => t.source === 'ocr') ? 'ocr' : 'text-layer',
        confidence,
        ...(alternatives.length ? { alternatives } : {}),
      };
    }),
  };
}

const cellText = (items: TextItem[]): string => joinLines(groupLines(items).map((l) => l.text));

/** The cell's text again with one item's text taken as one of its alternatives, each once. */
function alternativeTexts(items: TextItem[], text: string): string[] {
  const texts = items.flatMap((item, i) =>
    (item.alternatives ?? []).map((alternative) => cellText(items.map((other, j) => (j === i ? { ...other, text: alternative } : other)))));
  return [...new Set(texts)].filter((t) => t !== text);
}
