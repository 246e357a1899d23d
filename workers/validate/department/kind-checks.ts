import type { BudgetTable, BudgetTableColumn, DepartmentTable, Finding } from '../../../schemas/index.ts';
import { cellLabel, columnTitle, rowTitle } from './cells.ts';
import { compareSum, type Term } from './compare-sum.ts';
import { normalizeLabel } from './labels.ts';

/**
 * What holds in a table of a kind (contract/tables.md), whatever its template, title and number:
 * - a 收支总表 (overview, fiscal_overview) balances: its 收入 side's 总计 = its 支出 side's 总计;
 * - in an income or expenditure table, each row's 合计 = Σ the columns beside it that are parts of it (a source
 *   of money or a kind of spending), leaving out 其中 columns and the parts of a 小计 printed beside them.
 * Null when the table's layout does not say which cells these are: nothing is guessed.
 */
export function checkByKind(table: BudgetTable): Finding[] {
  const kind = (table as Partial<DepartmentTable>).kind;
  if (kind === 'overview' || kind === 'fiscal_overview') return sidesBalance(table);
  if (kind === 'income' || kind === 'expenditure' || kind === 'fiscal_expenditure' || kind === 'government_fund' || kind === 'state_capital') return rowPartition(table);
  return [];
}

/** A side's grand total: 总计 where the side prints one (below 本年收入合计 and the balances), else its 合计 (Jiangsu). */
const GRAND_TOTALS = [/^(收入|支出)?总计$/, /^(收入|支出)?合计$/];

/**
 * 收入总计 = 支出总计: the last grand-total row of the 收入 side against that of each 支出 side that prints one
 * (a three-sided 收支总表 gives 支出 by 功能分类 and by 支出用途). Sides are the reader's: keys `income…` and
 * `expenditure…`; a first side whose header names no side (`金额`) is the 收入 side when the others are 支出.
 */
function sidesBalance(table: BudgetTable): Finding[] {
  const spending = table.columns.filter((c) => c.key.startsWith('expenditure'));
  const income = table.columns.find((c) => c.key.startsWith('income')) ?? (spending.length && !table.columns[0]!.key.startsWith('expenditure') ? table.columns[0] : undefined);
  if (!income || !spending.length) return [];
  const total = (column: BudgetTableColumn): number | undefined => {
    for (const pattern of GRAND_TOTALS) {
      const rows = table.rows.map((row, i) => ({ row, i })).filter(({ row }) => row.cells[column.key] != null && pattern.test(normalizeLabel(row.name)));
      if (rows.length) return rows[rows.length - 1]!.i;
    }
    return undefined;
  };
  const a = total(income);
  if (a === undefined) return [];
  // Each 支出 side once: its grand-total row (every side has a row of its own), in the first column printing it.
  const sides = new Map<number, BudgetTableColumn>();
  for (const column of spending) {
    const row = total(column);
    if (row !== undefined && !sides.has(row)) sides.set(row, column);
  }
  const left: Term = { cell: { table, rowIndex: a, column: income }, label: `${rowTitle(table, a)} (收入)` };
  return [...sides].flatMap(([row, column]) => {
    const right: Term = { cell: { table, rowIndex: row, column }, label: `${rowTitle(table, row)} (${columnTitle(column)})` };
    const finding = compareSum('I8.balance', `${table.tableNo} 收入总计 = 支出总计`.trim(), left, [right]);
    return finding ? [finding] : [];
  });
}

/** The columns of a row total: the first value column headed 合计 (or 总计), and the value columns after it that are its parts. */
function partition(table: BudgetTable): { total: BudgetTableColumn; parts: BudgetTableColumn[] } | null {
  const paths = table.columns.map((c) => c.header.split('/').map(normalizeLabel));
  const at = paths.findIndex((p) => /^(本年(收入|支出))?(合计|总计)$/.test(p[p.length - 1] ?? ''));
  if (at < 0) return null;
  const prefix = paths[at]!.slice(0, -1).join('/');
  const parts: BudgetTableColumn[] = [];
  let subtotalOf: string | null = null;
  for (let i = at + 1; i < table.columns.length; i++) {
    const path = paths[i]!;
    const last = path[path.length - 1] ?? '';
    // Another side, or a header of another block: the parts end there.
    if (path.slice(0, -1).join('/').indexOf(prefix) !== 0) break;
    // normalizeLabel drops a leading 其中, so the printed header is asked.
    if (table.columns[i]!.header.split('/').some((p) => /^\s*其中/.test(p))) continue;
    const parent = path.slice(0, -1).join('/');
    if (/^(小计|合计)$/.test(last)) {
      subtotalOf = parent;
      parts.push(table.columns[i]!);
      continue;
    }
    // The parts of a 小计 printed beside it are in it already.
    if (subtotalOf !== null && parent === subtotalOf) continue;
    parts.push(table.columns[i]!);
  }
  return parts.length >= 2 ? { total: table.columns[at]!, parts } : null;
}

/** 合计 = Σ parts in every row of an income or expenditure table. */
function rowPartition(table: BudgetTable): Finding[] {
  const found = partition(table);
  if (!found) return [];
  return table.rows.flatMap((_, rowIndex) => {
    const total: Term = { cell: { table, rowIndex, column: found.total }, label: columnTitle(found.total) };
    const parts = found.parts.map((column): Term => ({ cell: { table, rowIndex, column }, label: columnTitle(column) }));
    const finding = compareSum('I8.row-total', cellLabel({ table, rowIndex, column: found.total }), total, parts);
    return finding ? [finding] : [];
  });
}
