import type { BudgetTable, BudgetTableColumn, Evidence } from '../../../schemas/index.ts';
import { type Decimal, toDecimal } from '../decimal.ts';
import { formatCode, normalizeCode } from './codes.ts';
import { normalizeText } from './labels.ts';

/** One cell of one table. */
export type CellRef = { table: BudgetTable; rowIndex: number; column: BudgetTableColumn };

/** Blank cells count as 0; a cell printed as text that is neither a number nor a dash stops the check. */
export type CellReading = { state: 'blank' } | { state: 'number'; value: Decimal } | { state: 'unreadable'; text: string };

/** Marks the templates print for "nothing here": `—`, `-`, `/`, or nothing at all. */
const EMPTY_MARK = /^[-‐‑‒–—―_/、.·…]*$/;

export function readCell({ table, rowIndex, column }: CellRef): CellReading {
  const row = table.rows[rowIndex];
  const value = row?.cells[column.key];
  if (value !== null && value !== undefined) return { state: 'number', value: toDecimal(value) };
  const text = row?.printed?.[column.key] ?? '';
  return EMPTY_MARK.test(normalizeText(text)) ? { state: 'blank' } : { state: 'unreadable', text: text.trim() };
}

/** What the cell says: its printed text (`170.10`, keeping the zero), else the number; null when blank. */
export function cellText({ table, rowIndex, column }: CellRef): string | null {
  const row = table.rows[rowIndex];
  const printed = row?.printed?.[column.key]?.trim();
  if (printed) return printed;
  const value = row?.cells[column.key];
  return value === null || value === undefined ? null : String(value);
}

/** `208 05 行政事业单位养老支出`, `收入总计`; 表7 adds the project, since several share one 项. */
export function rowTitle(table: BudgetTable, rowIndex: number): string {
  const row = table.rows[rowIndex];
  if (!row) return `row ${rowIndex}`;
  const code = normalizeCode(row.code);
  const name = normalizeText(row.name);
  const title = code ? `${formatCode(code)} ${name}` : name;
  return row.projectName ? `${title} (${row.projectName})` : title;
}

export const columnTitle = (column: BudgetTableColumn): string => normalizeText(column.header) || column.key;

/** `表2 208 05 行政事业单位养老支出 · 总计`. */
export const cellLabel = (cell: CellRef): string => `${cell.table.tableNo} ${rowTitle(cell.table, cell.rowIndex)} · ${columnTitle(cell.column)}`;

/** `表2.rows[3].total`: the row's position in the model, like `funds[0].executed` of form records. */
export const cellField = ({ table, rowIndex, column }: CellRef): string => `${table.tableNo}.rows[${rowIndex}].${column.key}`;

/** The cell behind a finding; without provenance its page and box are unknown, not the table's first page. */
export function cellEvidence(cell: CellRef): Evidence {
  const provenance = cell.table.rows[cell.rowIndex]?.provenance?.[cell.column.key];
  return { field: cellField(cell), page: provenance?.page ?? null, bbox: provenance?.bbox ?? null, printed: cellText(cell), ...(provenance?.ref ? { ref: provenance.ref } : {}) };
}
