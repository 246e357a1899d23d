import type { Writable } from 'node:stream';
import type { CheckedTable } from '../../schemas/index.ts';
import { csvLine } from './csv.ts';
import { writeAll } from './write-all.ts';

/** A stored table in the interchange format of contract/tables.md: the table, its source, and its findings. */
export const toContractTable = ({ table, findings }: CheckedTable) => ({
  source: table.source,
  tableNo: table.tableNo || null,
  kind: table.kind,
  title: table.title,
  stage: table.stage,
  fiscalYear: table.fiscalYear,
  department: table.department,
  unit: table.unit,
  columns: table.columns,
  rows: table.rows,
  findings,
});

/** One table per line; leaves `out` open. Returns the count. */
export async function writeTablesJsonl(tables: Iterable<CheckedTable>, out: Writable): Promise<number> {
  let count = 0;
  await writeAll(out, (function* () {
    for (const table of tables) {
      count++;
      yield `${JSON.stringify(toContractTable(table))}\n`;
    }
  })());
  return count;
}

export const TABLES_CSV_HEADER = ['file', 'page', 'tableNo', 'kind', 'title', 'unit', 'rowCode', 'rowName', 'rowKind', 'column', 'header', 'value', 'printed'] as const;

/** One row per printed cell, TABLES_CSV_HEADER's columns: what the CSV and the XLSX exports write. */
export function* tableCellRows(tables: Iterable<CheckedTable>): Generator<(string | number | null)[]> {
  for (const { table } of tables) {
    const headers = new Map(table.columns.map((c) => [c.key, c.header]));
    for (const row of table.rows) {
      for (const [key, printed] of Object.entries(row.printed ?? {})) {
        const page = row.provenance?.[key]?.page ?? table.source.page;
        yield [table.source.file, page, table.tableNo, table.kind, table.title, table.unit, row.code, row.name, row.kind ?? null, key, headers.get(key) ?? null, row.cells[key] ?? null, printed];
      }
    }
  }
}

/** One CSV row per printed cell (UTF-8 with BOM, CRLF), so a sheet can filter any cell; returns the tables written. */
export async function writeTablesCsv(tables: Iterable<CheckedTable>, out: Writable): Promise<number> {
  const list = [...tables];
  await writeAll(out, (function* () {
    yield `\uFEFF${csvLine(TABLES_CSV_HEADER, false)}`;
    for (const row of tableCellRows(list)) yield csvLine(row, true);
  })());
  return list.length;
}
