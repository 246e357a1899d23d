import type { Table } from '../../schemas/index.ts';
import { isTableNumber, isYearLine, squash, titleFormType, unitOf } from './labels.ts';

/** A line of a form's heading: a title, its year, a table number, a unit, an 附件 line. */
export const isHeadingLine = (text: string): boolean =>
  titleFormType(text) !== null || isYearLine(text) || isTableNumber(text) || unitOf(text) !== null || /^附件\d*/.test(squash(text));

/**
 * Splits a table whose top rows are the form's heading drawn as cells (Excel and WPS exports put the title,
 * the year and the unit in merged cells above the form): those rows become lines, as if printed above the
 * table, and the rest stays a table. Only rows holding at most one heading line each (or nothing) are taken.
 */
export function splitHeadingRows(table: Table): { lines: { text: string; y: number }[]; body: Table | null } {
  const rows = table.rowEdges.length - 1;
  const lines: { text: string; y: number }[] = [];
  let top = 0;
  for (; top < rows; top++) {
    const printed = table.cells.filter((c) => c.row === top && c.text.trim() !== '');
    if (table.cells.some((c) => c.row < top && c.row + c.rowSpan > top && c.text.trim() !== '')) break;
    if (printed.length > 1 || (printed.length === 1 && !isHeadingLine(printed[0]!.text))) break;
    if (printed.length === 1) lines.push({ text: printed[0]!.text, y: table.rowEdges[top]! });
  }
  if (top === 0) return { lines, body: table };
  if (top === rows) return { lines, body: null };
  return { lines, body: dropTopRows(table, top) };
}

function dropTopRows(table: Table, k: number): Table {
  const cells = table.cells
    .filter((c) => c.row + c.rowSpan > k)
    .map((c) => (c.row >= k ? { ...c, row: c.row - k } : { ...c, row: 0, rowSpan: c.rowSpan - (k - c.row) }));
  const rowEdges = table.rowEdges.slice(k);
  return { ...table, bbox: [table.bbox[0], rowEdges[0]!, table.bbox[2], table.bbox[3]], rowEdges, cells };
}
