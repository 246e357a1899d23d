import type { Cell, Table } from '../../../schemas/index.ts';
import { parseAmount } from '../../values.ts';
import { squash } from '../labels.ts';

/** `skip`: a 行次 column numbering the rows, or a column with nothing in it (a margin drawn as cells). */
export type ColumnRole = 'code' | 'name' | 'value' | 'skip';

/** One grid column of a department table: its header as printed top to bottom, its role, its side (two-sided tables). */
export type TableColumn = { index: number; path: string[]; header: string; role: ColumnRole; side: number; key: string };


const CODE_HEADER = /编码|代码|^类$|^款$|^项$|^科目编码/;
const NAME_HEADER = /名称|^科目$|^项目$|支出用途|^功能分类$|^经济分类$|^收入$|^支出$|^项目\(按功能分类\)|^项目\(按经济分类\)/;
/** Rows that open the body: a total, a code, an enumerated label (一、, 1., （一）). */
const BODY_LABEL = /^(合计|总计|收入总计|支出总计|\d{3,7}(?![\d年])|[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])/;
/** A 栏次 row numbers the columns (1 2 3 …): part of the header, not data. */
const COLUMN_NUMBERS = /^(栏次|行次)$/;

const startsIn = (cell: Cell, row: number) => cell.row === row;
const cellsOfRow = (table: Table, row: number): Cell[] => table.cells.filter((c) => c.row <= row && row < c.row + c.rowSpan).sort((a, b) => a.col - b.col);

/** The number of header rows: those before the first row that holds an amount or opens the body with a label. */
export function headerRows(table: Table): number {
  const rows = table.rowEdges.length - 1;
  for (let row = 0; row < Math.min(rows, 5); row++) {
    const cells = table.cells.filter((c) => startsIn(c, row) && c.text.trim() !== '').sort((a, b) => a.col - b.col);
    if (!cells.length) continue;
    const first = squash(cells[0]!.text);
    if (COLUMN_NUMBERS.test(first)) continue;
    const numbers = cells.filter((c) => parseAmount(c.text) !== null);
    // 合计 heads a column as often as it labels the total row: a label row holds amounts, a header row none.
    if (BODY_LABEL.test(first) && (numbers.length || !/^(合计|总计)$/.test(first))) return row;
    // 1 2 3 … under the headers is a 栏次 row even without its label.
    if (numbers.length && numbers.length === cells.length && numbers.every((c, i) => squash(c.text) === String(i + 1))) continue;
    if (numbers.length) return row;
  }
  // No amount and no body label near the top (an empty table, a template): the merged header rows and one more.
  let merged = 0;
  while (merged < rows - 1 && table.cells.some((c) => startsIn(c, merged) && (c.colSpan > 1 || c.rowSpan > 1))) merged++;
  return Math.min(merged + 1, rows - 1);
}

/**
 * The columns of a table from its header rows: each grid column's headers top to bottom, the lowest one its
 * header (merged headers flattened), its role from the header words, corrected by what the body holds (a column
 * of text is a name column, whatever its header). A label column after a value column starts another side
 * (收入 | 支出 printed side by side).
 */
export function readColumns(table: Table, header: number): TableColumn[] {
  const count = table.colEdges.length - 1;
  const rows = table.rowEdges.length - 1;
  const columns: TableColumn[] = [];
  for (let col = 0; col < count; col++) {
    const path: string[] = [];
    for (let row = 0; row < header; row++) {
      const cell = table.cells.find((c) => c.row <= row && row < c.row + c.rowSpan && c.col <= col && col < c.col + c.colSpan);
      const text = cell ? squash(cell.text) : '';
      // The 栏次 row numbers the columns under the headers: neither it nor its numbers are a header.
      if (text && path[path.length - 1] !== text && !/^\d+$/.test(text) && !/^栏次$/.test(text)) path.push(text);
    }
    // A one-character header read twice by OCR (`款款`) is that character.
    const last = (path[path.length - 1] ?? '').replace(/^(.)\1+$/u, '$1');
    let role: ColumnRole = /^行次$/.test(last) ? 'skip' : CODE_HEADER.test(last) ? 'code' : NAME_HEADER.test(last) ? 'name' : 'value';
    // What the body holds decides where the header is silent or misleading.
    const body: string[] = [];
    for (let row = header; row < rows; row++) {
      const cell = cellsOfRow(table, row).find((c) => c.col === col);
      const text = cell ? squash(cell.text) : '';
      if (text) body.push(text);
    }
    const numeric = body.filter((t) => parseAmount(t) !== null).length;
    const codes = body.filter((t) => /^\d{2,7}$/.test(t)).length;
    if (!path.length && !body.length) role = 'skip';
    if (role !== 'skip') {
      if (body.length >= 2 && codes === body.length && role !== 'value') role = 'code';
      else if (body.length >= 2 && numeric / body.length < 0.5 && role === 'value') role = 'name';
      else if (role === 'name' && body.length >= 3 && numeric === body.length && codes < body.length) role = 'value';
      // A column with no header words (a scan's rules cut it off its header) whose every cell is a 科目 code.
      else if (role === 'value' && !path.length && body.length >= 3 && body.every((t) => /^\d{3}(\d{2}){0,2}$/.test(t))) role = 'code';
      // 款 and 项 cells beside a 类 column hold two digits each (`06`): part of the code, whatever the header says.
      else if (role === 'value' && body.length >= 2 && body.every((t) => /^\d{2}$/.test(t)) && columns[col - 1]?.role === 'code') role = 'code';
    }
    columns.push({ index: col, path, header: last, role, side: 0, key: '' });
  }
  let side = 0;
  columns.forEach((column, i) => {
    if (i > 0 && (column.role === 'code' || column.role === 'name') && columns[i - 1]!.role === 'value') side++;
    column.side = side;
  });
  assignKeys(columns);
  return columns;
}

/** Keys the checks know (合计 → total, 基本支出 → basic …), else the column's position; a two-sided table's sides are 收入 and 支出. */
const KEYS: readonly [string, RegExp][] = [
  ['total', /^(合计|总计|小计)$/],
  ['basic', /^基本支出$/],
  ['project', /^项目支出$/],
];

function assignKeys(columns: TableColumn[]): void {
  const sides = new Set(columns.map((c) => c.side)).size;
  const used = new Set<string>();
  for (const column of columns) {
    if (column.role !== 'value') continue;
    const top = column.path[0] ?? '';
    const sideName = sides > 1 ? (/收入/.test(top) ? 'income' : /支出/.test(top) ? 'expenditure' : `side${column.side + 1}`) : '';
    const valuesOnSide = columns.filter((c) => c.side === column.side && c.role === 'value').length;
    let key = sides > 1 && valuesOnSide === 1 ? sideName : KEYS.find(([, words]) => words.test(column.header))?.[0] ?? `c${column.index + 1}`;
    if (sides > 1 && valuesOnSide > 1) key = `${sideName}_${key}`;
    while (used.has(key)) key = `${key}_${column.index + 1}`;
    used.add(key);
    column.key = key;
  }
}
