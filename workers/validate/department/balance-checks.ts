import type { BudgetTable, BudgetTableColumn, Finding } from '../../../schemas/index.ts';
import { skipped } from '../finding.ts';
import { columnTitle, readCell } from './cells.ts';
import { compareSum, type Term } from './compare-sum.ts';
import { labelList } from './labels.ts';
import { asRowSpec, findLabelledRow, findRow, resolveColumn, rowRefLabel } from './table-lookup.ts';
import type { BalanceSpec, CellSpec, TableSpec } from './table-spec.ts';

/**
 * The terms of one part: its cell, or, when that is blank and the spec names its 其中 rows, those rows'
 * cells (seed 001 表1 prints `5.单位资金` blank and `其他收入 180` beneath it).
 */
function partTerms(table: BudgetTable, part: CellSpec, column: BudgetTableColumn | undefined): Term[] {
  const rowIndex = findRow(table, part.row);
  const label = rowRefLabel(part.row);
  if (!column) return [{ cell: null, label }];
  const cell = rowIndex === undefined ? null : { table, rowIndex, column };
  const orSumOf = asRowSpec(part.row).orSumOf ?? [];
  if (orSumOf.length > 0 && (!cell || readCell(cell).state === 'blank')) {
    const from = rowIndex ?? 0;
    return orSumOf.map((labels) => {
      const index = findLabelledRow(table, labels, from);
      return { cell: index === undefined ? null : { table, rowIndex: index, column }, label: `${label}/其中${labelList(labels)[0] ?? ''}` };
    });
  }
  return [{ cell, label }];
}

function checkBalance(table: BudgetTable, spec: TableSpec, balance: BalanceSpec): Finding[] {
  const totalLabel = rowRefLabel(balance.total.row);
  const partsLabel = balance.parts.map((part) => rowRefLabel(part.row)).join(' + ');
  const what = `${table.tableNo} ${totalLabel} = ${partsLabel}`;
  const totalIndex = findRow(table, balance.total.row);
  if (totalIndex === undefined) return [skipped(balance.code, `${what}: no ${totalLabel} row`)];
  // Without a column the balance holds column by column (表10: 合计, 一般公共预算, … each).
  const keys = balance.total.column ? [balance.total.column] : table.columns.map((column) => column.key);
  return keys.flatMap((key) => {
    const column = resolveColumn(table, spec, key);
    if (!column) return [skipped(balance.code, `${what}: no ${key} column`)];
    const total: Term = { cell: { table, rowIndex: totalIndex, column }, label: totalLabel };
    const parts = balance.parts.flatMap((part) =>
      partTerms(table, part, part.column ? resolveColumn(table, spec, part.column) : column),
    );
    const finding = compareSum(balance.code, `${what} · ${columnTitle(column)}`, total, parts);
    return finding ? [finding] : [];
  });
}

/** I8.balance (收入总计 = 支出总计, named sub-totals) and I8.three-public (三公 合计 and 用车小计): sums across rows. */
export const checkBalances = (table: BudgetTable, spec: TableSpec): Finding[] =>
  (spec.balances ?? []).flatMap((balance) => checkBalance(table, spec, balance));
