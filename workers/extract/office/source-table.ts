import type { BBox, Cell, Table } from '../../../schemas/index.ts';
import { joinLines } from '../../grid/text-lines.ts';

/**
 * A cell as a Word, Excel or web-page file states it: its text, how many grid columns and rows it covers, and
 * where to find it again. `rowSpan` 0 is HTML's "to the end of the table".
 */
export type SourceCell = { text: string; colSpan: number; rowSpan: number; ref: string; value?: number | boolean };
/** A row of cells; `skip` grid columns are left empty before the first (Word's `w:gridBefore`). */
export type SourceRow = { cells: SourceCell[]; skip?: number };

/** Points a line of text takes in the laid-out table, and an empty row; the width one character takes. */
const LINE = 14;
const PAD = 4;
const CHAR = 10.5;
const DEFAULT_COLUMN = 60;

/**
 * The table grid of rows of spanning cells, placed as browsers place HTML cells: each cell takes the first grid
 * column its row leaves free (cells of rows above may reach down into it), and covers its spans. Columns take the
 * widths the file gives (points) where it gives them; rows are as tall as their text needs at those widths. The
 * boxes only lay the table out for the readers (who compare positions) and for a reviewer's picture: the file
 * has no pages, so `ref` is what finds a cell again.
 */
export function tableFromRows(rows: readonly SourceRow[], page: number, top: number, widths: readonly number[] = []): Table {
  const placed: { cell: SourceCell; row: number; col: number; rowSpan: number; colSpan: number }[] = [];
  const taken: boolean[][] = [];
  const take = (r: number, c: number) => ((taken[r] ??= [])[c] = true);
  rows.forEach((row, r) => {
    let c = row.skip ?? 0;
    for (const cell of row.cells) {
      while (taken[r]?.[c]) c++;
      const colSpan = Math.max(1, Math.floor(cell.colSpan) || 1);
      const rowSpan = cell.rowSpan === 0 ? rows.length - r : Math.max(1, Math.min(rows.length - r, Math.floor(cell.rowSpan) || 1));
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) take(r + dr, c + dc);
      placed.push({ cell, row: r, col: c, rowSpan, colSpan });
      c += colSpan;
    }
  });
  const cols = Math.max(1, ...placed.map((p) => p.col + p.colSpan));
  const colWidth = Array.from({ length: cols }, (_, c) => (widths[c] && widths[c]! > 0 ? widths[c]! : DEFAULT_COLUMN));
  const colEdges = [PAD * 9];
  for (const w of colWidth) colEdges.push(colEdges.at(-1)! + w);
  const span = (from: number, n: number) => colEdges[from + n]! - colEdges[from]!;
  // A row is as tall as the most lines any cell starting in it needs, spread over the rows a cell spans.
  const heights = rows.map(() => LINE + PAD);
  for (const p of placed) {
    const need = linesAt(p.cell.text, span(p.col, p.colSpan)) * LINE + PAD;
    const have = heights.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0);
    if (need > have) for (let r = p.row; r < p.row + p.rowSpan; r++) heights[r]! += (need - have) / p.rowSpan;
  }
  const rowEdges = [top];
  for (const h of heights) rowEdges.push(rowEdges.at(-1)! + h);
  const cells: Cell[] = placed
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map((p) => ({
      row: p.row, col: p.col, rowSpan: p.rowSpan, colSpan: p.colSpan,
      bbox: [colEdges[p.col]!, rowEdges[p.row]!, colEdges[p.col + p.colSpan]!, rowEdges[p.row + p.rowSpan]!] as BBox,
      text: p.cell.text, source: 'structure' as const, confidence: 1, ref: p.cell.ref,
      ...(p.cell.value !== undefined ? { value: p.cell.value } : {}),
    }));
  return { page, bbox: [colEdges[0]!, rowEdges[0]!, colEdges.at(-1)!, rowEdges.at(-1)!], rowEdges, colEdges, cells };
}

/** Lines a text takes in a column this wide: its own line breaks, and wrapping at about one CJK character's width. */
function linesAt(text: string, width: number): number {
  const perLine = Math.max(1, Math.floor((width - PAD) / CHAR));
  return Math.max(1, Math.ceil([...text].length / perLine));
}

/** A cell's text as the PDF path gives it: its lines joined without breaks, runs of white space as one space. */
export function cellText(lines: readonly string[]): string {
  return joinLines(lines.flatMap((l) => l.split(/\r?\n|\r/)).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean));
}
