import type { BudgetTable, BudgetTableColumn, Finding } from '../../../schemas/index.ts';
import { Decimal } from '../decimal.ts';
import { notApplicable, skipped } from '../finding.ts';
import { columnTitle, rowTitle } from './cells.ts';
import { formatCode, isClassCode, normalizeCode } from './codes.ts';
import { compareSum, type Term } from './compare-sum.ts';
import { findRow, findTableSpec, resolveColumn, rowRefLabel } from './table-lookup.ts';
import type { CrossTableSpec, TableKind, TableSpec } from './table-spec.ts';
import { CROSS_TABLE_SPECS, TABLE_SPECS } from './table-specs.ts';

type Located = { table: BudgetTable; spec: TableSpec; factor: Decimal };

const CODE = 'I8.cross-table';

/** 元 tables are compared in 万元 when the set mixes units; otherwise values are compared as printed. */
const WAN_PER_YUAN = new Decimal('0.0001');

/** One table per kind: the first of each, with a note when a kind repeats (two documents mixed, or a misread title). */
function locate(tables: readonly BudgetTable[]): { byKind: Map<TableKind, Located>; notes: Finding[] } {
  const mixed = new Set(tables.map((table) => table.unit)).size > 1;
  const byKind = new Map<TableKind, Located>();
  const notes: Finding[] = [];
  for (const table of tables) {
    const spec = findTableSpec(table.title);
    if (!spec) continue;
    const first = byKind.get(spec.kind);
    if (first) {
      notes.push(skipped(CODE, `${table.tableNo} ${table.title} is a second ${spec.title}; cross-table checks use ${first.table.tableNo}`));
      continue;
    }
    byKind.set(spec.kind, { table, spec, factor: mixed && table.unit === '元' ? WAN_PER_YUAN : new Decimal(1) });
  }
  return { byKind, notes };
}

const titleOf = (kind: TableKind): string => TABLE_SPECS.find((spec) => spec.kind === kind)?.title ?? kind;

const term = (located: Located, rowIndex: number | undefined, column: BudgetTableColumn | undefined, label: string): Term => ({
  cell: rowIndex === undefined || !column ? null : { table: located.table, rowIndex, column },
  label,
  factor: located.factor,
});

const columnName = (located: Located, key: string): string => {
  const column = resolveColumn(located.table, located.spec, key);
  return column ? columnTitle(column) : key;
};

function checkCells(spec: Extract<CrossTableSpec, { by: 'cell' }>, a: Located, b: Located): Finding[] {
  const aLabel = `${a.table.tableNo} ${rowRefLabel(spec.printed.row)} · ${columnName(a, spec.printed.column)}`;
  const bLabel = `${b.table.tableNo} ${rowRefLabel(spec.expected.row)} · ${spec.expected.columns.map((key) => columnName(b, key)).join(' + ')}`;
  const what = `${aLabel} = ${bLabel}`;
  const aRow = findRow(a.table, spec.printed.row);
  const bRow = findRow(b.table, spec.expected.row);
  const aColumn = resolveColumn(a.table, a.spec, spec.printed.column);
  if (aRow === undefined || bRow === undefined || !aColumn) return [skipped(CODE, `${what}: a row or column is not printed`)];
  // A column that cannot be found is another template's layout (or a misread header), not a blank: read as 0
  // it would fail a table that is right.
  const missing = spec.expected.columns.filter((key) => !resolveColumn(b.table, b.spec, key));
  if (missing.length) return [skipped(CODE, `${what}: no ${missing.join(', ')} column in ${b.table.tableNo}`)];
  const printed = term(a, aRow, aColumn, a.table.tableNo);
  const expected = spec.expected.columns.map((key) => term(b, bRow, resolveColumn(b.table, b.spec, key), `${b.table.tableNo} ${columnName(b, key)}`));
  const finding = compareSum(CODE, what, printed, expected);
  return finding ? [finding] : [];
}

/** First row of each code; 类-only when asked. Total rows are left out even if they print a code. */
function rowsByCode(table: BudgetTable, levels: 'all' | 'class'): Map<string, number> {
  const byCode = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const code = row.kind === 'total' ? null : normalizeCode(row.code);
    if (code && (levels === 'all' || isClassCode(code)) && !byCode.has(code)) byCode.set(code, index);
  });
  return byCode;
}

/** Row by row over the codes either table prints; a code one table lacks reads as blank there. */
function checkCodes(spec: Extract<CrossTableSpec, { by: 'code' }>, a: Located, b: Located): Finding[] {
  const aColumn = resolveColumn(a.table, a.spec, spec.printed.column);
  const bColumns = spec.expected.columns.map((key) => ({ key, column: resolveColumn(b.table, b.spec, key) }));
  const bNames = spec.expected.columns.map((key) => columnName(b, key)).join(' + ');
  if (!aColumn) return [skipped(CODE, `${a.table.tableNo} = ${b.table.tableNo} by code: no ${spec.printed.column} column in ${a.table.tableNo}`)];
  const missing = bColumns.filter(({ column }) => !column).map(({ key }) => key);
  if (missing.length) return [skipped(CODE, `${a.table.tableNo} = ${b.table.tableNo} by code: no ${missing.join(', ')} column in ${b.table.tableNo}`)];
  const aRows = rowsByCode(a.table, spec.levels);
  const bRows = rowsByCode(b.table, spec.levels);
  const codes = [...new Set([...aRows.keys(), ...bRows.keys()])];
  return codes.flatMap((code) => {
    const aRow = aRows.get(code);
    const bRow = bRows.get(code);
    const name = rowTitle(aRow === undefined ? b.table : a.table, aRow ?? bRow ?? 0);
    const printed = term(a, aRow, aColumn, a.table.tableNo);
    const expected = bColumns.map(({ key, column }) => term(b, bRow, column, `${b.table.tableNo} ${column ? columnTitle(column) : key}`));
    const what = `${a.table.tableNo} ${name} · ${columnTitle(aColumn)} = ${b.table.tableNo} ${formatCode(code)} · ${bNames}`;
    const finding = compareSum(CODE, what, printed, expected);
    return finding ? [finding] : [];
  });
}

/**
 * I8.cross-table: equalities between the tables of one document (表1 收入总计 = 表2 总计, 表5 基本支出 =
 * 表6 合计, 表3 = 表2 row by row, …). The tables are told apart by title, so a caller passes them all at once.
 */
export function checkCrossTables(tables: readonly BudgetTable[], specs: readonly CrossTableSpec[] = CROSS_TABLE_SPECS): Finding[] {
  const { byKind, notes } = locate(tables);
  const findings = specs.flatMap((spec) => {
    const a = byKind.get(spec.printed.table);
    const b = byKind.get(spec.expected.table);
    if (!a || !b) {
      const absent = [a ? null : spec.printed.table, b ? null : spec.expected.table].flatMap((kind) => (kind ? [titleOf(kind)] : []));
      // Another template's pair of tables: nothing of this document to compare, which says nothing of the reading.
      return [notApplicable(CODE, `${titleOf(spec.printed.table)} vs ${titleOf(spec.expected.table)}: no ${absent.join(' or ')} among the tables`)];
    }
    return spec.by === 'cell' ? checkCells(spec, a, b) : checkCodes(spec, a, b);
  });
  return [...notes, ...findings];
}
