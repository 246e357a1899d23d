import type { ExtractedPage, Table, TextItem } from '../../schemas/index.ts';
import { findGrids, type Grid } from './find-grids.ts';
import { splitAtRules } from './split-items.ts';
import { groupLines, joinLines, type TextLine } from './text-lines.ts';

/** A page as tables with text in their cells, and the lines of text outside any table. */
export type PageLayout = { page: number; width: number; height: number; tables: Table[]; lines: TextLine[] };

/** Rebuilds a page's ruled tables and places every text item in a cell or among the free lines. */
export function layoutPage(page: ExtractedPage): PageLayout {
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
  const tables = grids.map((g, gi) => toTable(page.number, g, perCell[gi]!));
  return { page: page.number, width: page.width, height: page.height, tables, lines: groupLines(outside) };
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
