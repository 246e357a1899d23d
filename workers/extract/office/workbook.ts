import * as XLSX from '@e965/xlsx';
import { PermanentError } from '../../errors.ts';
import type { OfficeBlock } from './office-pages.ts';
import type { SheetPicture } from './workbook-pictures.ts';
import { cellText, type SourceCell, type SourceRow } from './source-table.ts';

/** Rows of a sheet read at most; a sheet reaching further is refused whole (a form is never that long). */
export const MAX_SHEET_ROWS = 20_000;
const MAX_SHEET_COLUMNS = 256;
/** Excel's column widths come in pixels at 96 dpi. */
const POINTS_PER_PIXEL = 0.75;

type Merge = XLSX.Range;

/**
 * The blocks of a workbook (.xlsx, .xls and what SheetJS reads alike), sheet by sheet in the workbook's order,
 * hidden sheets, rows and columns left out as they are not printed. A sheet is cut into tables where a row holds
 * nothing, and where a row holds one lone cell of text (a form's title, its year: the next form starts under
 * the last one's 总分 row with no gap); lone cells before and after a table are its paragraphs. Every cell is
 * read as printed (`69%`, `1,234.50`: the number format applied), with its address as `Sheet1!C14`.
 */
export function workbookBlocks(bytes: Uint8Array, pictures: ReadonlyMap<string, readonly SheetPicture[]> = new Map()): OfficeBlock[] {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'array', cellStyles: true, cellFormula: false, cellHTML: false, sheetRows: MAX_SHEET_ROWS + 1 });
  } catch (error) {
    throw new PermanentError(`unreadable workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  const blocks: OfficeBlock[] = [];
  book.SheetNames.forEach((name, index) => {
    if (book.Workbook?.Sheets?.[index]?.Hidden) return;
    const sheet = book.Sheets[name];
    if (!sheet?.['!ref']) return;
    const full = XLSX.utils.decode_range(sheet['!fullref'] ?? sheet['!ref']);
    if (full.e.r - full.s.r + 1 > MAX_SHEET_ROWS) {
      throw new PermanentError(`sheet "${name}" has ${full.e.r - full.s.r + 1} rows, more than the ${MAX_SHEET_ROWS} read in one sheet`);
    }
    blocks.push(...withPictures(sheetBlocks(name, sheet), pictures.get(name) ?? []));
  });
  return blocks;
}

/** For indices first…last: how many of those before each one pass `visible` (one entry more: the count of all). */
function visibleBefore(first: number, last: number, visible: (index: number) => boolean): number[] {
  const before = [0];
  for (let i = first; i <= last; i++) before.push(before.at(-1)! + (visible(i) ? 1 : 0));
  return before;
}

/** A sheet's pictures among its blocks, each before the first block that starts below its anchor. */
function withPictures(blocks: { block: OfficeBlock; row: number }[], pictures: readonly SheetPicture[]): OfficeBlock[] {
  const out: OfficeBlock[] = [];
  let next = 0;
  for (const { block, row } of blocks) {
    while (next < pictures.length && pictures[next]!.row < row) out.push({ kind: 'picture', part: pictures[next++]!.part });
    out.push(block);
  }
  while (next < pictures.length) out.push({ kind: 'picture', part: pictures[next++]!.part });
  return out;
}

function sheetBlocks(name: string, sheet: XLSX.WorkSheet): { block: OfficeBlock; row: number }[] {
  const range = XLSX.utils.decode_range(sheet['!ref']!);
  range.e.c = Math.min(range.e.c, range.s.c + MAX_SHEET_COLUMNS - 1);
  const hiddenRows = new Set((sheet['!rows'] ?? []).flatMap((r, i) => (r?.hidden ? [i] : [])));
  const columns = Array.from({ length: range.e.c - range.s.c + 1 }, (_, i) => range.s.c + i).filter((c) => !sheet['!cols']?.[c]?.hidden);
  const merges = sheet['!merges'] ?? [];
  const anchorAt = new Map<string, Merge>();
  const coveredBy = new Map<string, Merge>();
  for (const m of merges) {
    anchorAt.set(`${m.s.r},${m.s.c}`, m);
    for (let r = m.s.r; r <= Math.min(m.e.r, range.e.r); r++) for (let c = m.s.c; c <= Math.min(m.e.c, range.e.c); c++) if (r !== m.s.r || c !== m.s.c) coveredBy.set(`${r},${c}`, m);
  }
  // Excel quotes a sheet's name in a reference only when it holds more than letters, digits, _ and .
  const quote = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
  const cellAt = (r: number, c: number) => sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
  const textAt = (r: number, c: number): string => {
    const cell = cellAt(r, c);
    if (!cell || cell.t === 'z') return '';
    return cellText([String(cell.w ?? cell.v ?? '')]);
  };
  // A number or truth value stored under other printed text is kept beside it.
  const valueAt = (r: number, c: number, text: string): { value?: number | boolean } => {
    const v = cellAt(r, c)?.v;
    return (typeof v === 'number' || typeof v === 'boolean') && String(v) !== text ? { value: v } : {};
  };
  // A row as cells: merge anchors with their spans (counted in visible rows and columns), single cells, and the
  // empty columns between them as empty cells.
  const visibleRows = Array.from({ length: range.e.r - range.s.r + 1 }, (_, i) => range.s.r + i).filter((r) => !hiddenRows.has(r));
  // Visible rows and columns before each sheet row and column: a merge's span in them is a difference of two.
  const rowsBefore = visibleBefore(range.s.r, range.e.r, (r) => !hiddenRows.has(r));
  const columnsBefore = visibleBefore(range.s.c, range.e.c, (c) => !sheet['!cols']?.[c]?.hidden);
  const spanOf = (before: number[], from: number, to: number, first: number, end: number) =>
    before[Math.min(to, end) + 1 - first]! - before[Math.max(from, first) - first]!;
  type Row = { cells: SourceCell[]; last: number[]; texts: number; lone: boolean; blank: boolean };
  const rows: Row[] = visibleRows.map((r) => {
    const cells: SourceCell[] = [];
    // The last visible column each cell reaches, to cut off the empty columns right of a table.
    const last: number[] = [];
    let texts = 0, merged = false, tall = false, covered = false;
    for (const c of columns) {
      const key = `${r},${c}`;
      const over = coveredBy.get(key);
      if (over) {
        covered = true;
        if (over.s.r !== r) tall = true;
        continue;
      }
      const m = anchorAt.get(key);
      const text = textAt(r, c);
      if (text) texts++;
      const colSpan = m ? spanOf(columnsBefore, m.s.c, m.e.c, range.s.c, range.e.c) : 1;
      const rowSpan = m ? spanOf(rowsBefore, m.s.r, m.e.r, range.s.r, range.e.r) : 1;
      if (m && (colSpan > 1 || rowSpan > 1)) merged = true;
      if (m && rowSpan > 1) tall = true;
      cells.push({ text, colSpan, rowSpan, ref: `${quote}!${XLSX.utils.encode_cell({ r, c })}`, ...valueAt(r, c, text) });
      last.push(columnsBefore[c - range.s.c]! + colSpan - 1);
    }
    return { cells, last, texts, lone: texts === 1 && !tall && !(covered && !merged), blank: texts === 0 && !merged && !covered };
  });
  const blocks: { block: OfficeBlock; row: number }[] = [];
  const widths = columns.map((c) => (sheet['!cols']?.[c]?.wpx ?? 64) * POINTS_PER_PIXEL);
  let table: Row[] = [];
  let tableRow = 0;
  const flush = () => {
    const used = Math.max(-1, ...table.flatMap((row) => row.cells.flatMap((c, k) => (c.text || c.colSpan > 1 || c.rowSpan > 1 ? [row.last[k]!] : []))));
    const rows: SourceRow[] = table.map((row) => ({ cells: row.cells.filter((_, k) => row.last[k]! <= used || row.last[k]! - row.cells[k]!.colSpan + 1 <= used) }));
    if (used >= 0) blocks.push({ block: { kind: 'table', rows, widths }, row: tableRow });
    table = [];
  };
  rows.forEach((row, i) => {
    if (row.blank) return flush();
    // A lone cell of text is a paragraph when no table is open, or when it ends one: the next row is a new table's
    // or another paragraph. Merged across the table (a full-width row) inside a table, it stays a row of it.
    const merged = row.cells.some((c) => c.colSpan > 1);
    const next = rows[i + 1];
    if (row.lone && (!table.length || !merged || !next || next.blank || next.lone)) {
      flush();
      blocks.push({ block: { kind: 'text', text: row.cells.find((c) => c.text)!.text }, row: visibleRows[i]! });
      return;
    }
    if (!table.length) tableRow = visibleRows[i]!;
    table.push(row);
  });
  flush();
  return blocks;
}
