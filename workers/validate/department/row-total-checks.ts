import type { BudgetTable, Finding } from '../../../schemas/index.ts';
import { skipped } from '../finding.ts';
import { cellLabel, columnTitle } from './cells.ts';
import { compareSum, type Term } from './compare-sum.ts';
import { resolveColumn } from './table-lookup.ts';
import type { RowTotalSpec, TableSpec } from './table-spec.ts';

function checkRowTotal(table: BudgetTable, spec: TableSpec, rowTotal: RowTotalSpec): Finding[] {
  const total = resolveColumn(table, spec, rowTotal.total);
  if (!total) return [skipped('I8.row-total', `${table.tableNo}: no ${rowTotal.total} column, so ${rowTotal.total} = Σ ${rowTotal.parts.join(' + ')} is not checked`)];
  // A part column not found may be left out of this table or printed under a header variant we do not
  // know; read as blank, it would fail every row of a table that is right, so the sum is not checked.
  const columns = rowTotal.parts.flatMap((key) => resolveColumn(table, spec, key) ?? []);
  if (columns.length < rowTotal.parts.length) {
    const missing = rowTotal.parts.filter((key) => !resolveColumn(table, spec, key));
    return [skipped('I8.row-total', `${table.tableNo}: no ${missing.join(', ')} column, so ${rowTotal.total} = Σ ${rowTotal.parts.join(' + ')} is not checked`)];
  }
  return table.rows.flatMap((_, rowIndex) => {
    const totalTerm: Term = { cell: { table, rowIndex, column: total }, label: columnTitle(total) };
    const partTerms = columns.map((column): Term => ({ cell: { table, rowIndex, column }, label: columnTitle(column) }));
    const finding = compareSum('I8.row-total', cellLabel({ table, rowIndex, column: total }), totalTerm, partTerms);
    return finding ? [finding] : [];
  });
}

/** I8.row-total: in every row a total column = Σ its part columns (表3 合计 = 基本支出 + 项目支出, …). */
export const checkRowTotals = (table: BudgetTable, spec: TableSpec): Finding[] =>
  (spec.rowTotals ?? []).flatMap((rowTotal) => checkRowTotal(table, spec, rowTotal));
