import { Decimal } from 'decimal.js';
import type { DepartmentTable, Evidence } from '../../../schemas/index.ts';
import { halfUnit, overlaps, type Interval } from './quoted-value.ts';

/** A numeric cell of a table, in 万元, with the range its printing allows. */
export type Cell = { table: DepartmentTable; row: number; key: string; value: Decimal; half: Decimal };

export const cellRange = (c: Cell): Interval => ({ lo: c.value.minus(c.half), hi: c.value.plus(c.half) });
/** The cell can hold what the figure says, each as rounded as it is printed. */
export const agrees = (figure: Interval, c: Cell): boolean => overlaps(figure, cellRange(c));

/** Every numeric (or blank, read as 0) cell of the tables, in 万元. */
export function cellsOf(tables: readonly DepartmentTable[]): Cell[] {
  const out: Cell[] = [];
  for (const table of tables) {
    const scale = table.unit === '元' ? new Decimal('0.0001') : new Decimal(1);
    table.rows.forEach((row, i) => {
      for (const column of table.columns) {
        const value = row.cells[column.key];
        const printed = row.printed?.[column.key]?.trim() ?? '';
        if (value === null || value === undefined) {
          // A two-sided row has cells on its own side only; a blank it does have reads as 0.
          if (!(column.key in row.cells) || !/^[-—–/]*$/.test(printed)) continue;
          out.push({ table, row: i, key: column.key, value: new Decimal(0), half: new Decimal(0) });
          continue;
        }
        // As printed (`170.10` keeps its zero); a cell without its text has the number's own decimals.
        const decimals = /\.(\d+)/.exec((printed || String(value)).replace(/,/g, ''))?.[1]?.length ?? 0;
        out.push({ table, row: i, key: column.key, value: new Decimal(String(value)).times(scale), half: halfUnit(decimals).times(scale) });
      }
    });
  }
  return out;
}

/** The cell as its table prints it (in the table's unit), not as compared. */
export const printedCell = (c: Cell): string => c.table.rows[c.row]!.printed?.[c.key]?.trim() || String(c.table.rows[c.row]!.cells[c.key] ?? 0);
export const describeCell = (c: Cell): string => `${c.table.tableNo ? `${c.table.tableNo} ` : ''}${c.table.title} · ${c.table.rows[c.row]!.name} · ${c.table.columns.find((k) => k.key === c.key)!.header || c.key}`.replace(/\s+/g, ' ');

export function cellEvidence(c: Cell): Evidence {
  const row = c.table.rows[c.row]!;
  const at = row.provenance?.[c.key];
  return { field: `${c.table.tableNo || c.table.title}.rows[${c.row}].${c.key}`, page: at?.page ?? c.table.source.page, bbox: at?.bbox ?? null, printed: row.printed?.[c.key] ?? String(row.cells[c.key] ?? '') };
}

