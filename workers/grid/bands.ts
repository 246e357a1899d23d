import type { Cell, Table } from '../../schemas/index.ts';

/** One grid row of a table with every cell that covers it; `starts` marks cells whose top is this row. */
export type Band = {
  page: number;
  table: Table;
  row: number;
  /** The band's table continues a form begun on an earlier page (its first rows may carry merged cells over). */
  continued: boolean;
  cells: BandCell[];
};
/** `left`: the x columns are measured from, the table's left edge unless the table continues a form whose
 * columns sit elsewhere ({@link frameLeft}). Columns are placed relative to it, because a scanned page carries
 * its table wherever the scanner put it: a form continued on the next page is rarely at the same x. */
export type BandCell = Cell & { page: number; starts: boolean; left: number };

export function tableBands(table: Table, continued: boolean, left = table.bbox[0]): Band[] {
  const rows = table.rowEdges.length - 1;
  const bands: Band[] = [];
  for (let row = 0; row < rows; row++) {
    const cells = table.cells
      .filter((c) => c.row <= row && row < c.row + c.rowSpan)
      .sort((a, b) => a.col - b.col)
      .map((c) => ({ ...c, page: table.page, starts: c.row === row, left }));
    bands.push({ page: table.page, table, row, continued, cells });
  }
  return bands;
}

/** The cell right of `cell` in the same band. */
export const nextCell = (band: Band, cell: Cell): BandCell | null =>
  band.cells.find((c) => c.col === cell.col + cell.colSpan) ?? null;

/** A column of a block: the x-range of its header cell, from its table's left edge. */
export type Column = { x0: number; x1: number; header: string };

export const columnOf = (cell: BandCell, header = cell.text): Column => ({ x0: cell.bbox[0] - cell.left, x1: cell.bbox[2] - cell.left, header });

/** Two columns share more than half of the narrower one's width. */
export const columnsOverlap = (a: Column, b: Column): boolean =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0);

/** The band's cell under a column: the one whose horizontal centre lies inside the column's range, or the widest overlap. */
export function cellUnder(band: Band, column: Column): BandCell | null {
  let best: BandCell | null = null;
  let bestOverlap = 0;
  for (const cell of band.cells) {
    const x0 = cell.bbox[0] - cell.left, x1 = cell.bbox[2] - cell.left;
    const centre = (x0 + x1) / 2;
    const overlap = Math.min(x1, column.x1) - Math.max(x0, column.x0);
    if (centre >= column.x0 && centre <= column.x1 && cell.colSpan === 1) return cell;
    if (overlap > bestOverlap && overlap >= 0.5 * Math.min(x1 - x0, column.x1 - column.x0)) {
      best = cell;
      bestOverlap = overlap;
    }
  }
  return best;
}

