import type { DepartmentTable, Finding } from '../../../schemas/index.ts';
import { rowTitle } from './cells.ts';
import { compareSum } from './compare-sum.ts';
import { normalizeLabel } from './labels.ts';

/** A cell that holds a total: the first total row with a figure in `column` (or in its only printed cell). */
function totalCell(table: DepartmentTable, row: (name: string) => boolean, column?: string) {
  for (const [rowIndex, r] of table.rows.entries()) {
    if (!row(normalizeLabel(r.name))) continue;
    const keys = Object.keys(r.printed ?? {});
    const key = column && keys.includes(column) ? column : keys.length === 1 ? keys[0] : undefined;
    const found = key && table.columns.find((c) => c.key === key);
    if (found) return { table, rowIndex, column: found };
  }
  return null;
}

const INCOME_TOTAL = (name: string) => /^收入(总计|合计)$/.test(name);
const EXPENDITURE_TOTAL = (name: string) => /^支出(总计|合计)$/.test(name);
const TABLE_TOTAL = (name: string) => /^(合计|总计|收入总计|支出总计)$/.test(name);

/**
 * I8.cross-table, in any template's 部门预算: the 收支总表 carries the same totals as the 收入总表 and the
 * 支出总表 (its 收入总计 is the income table's 合计, its 支出总计 the expenditure table's). Budgets only: a
 * 决算 收支总表 adds the year's opening and closing balances, which its 收入/支出决算表 leave out.
 */
export function checkTotalsAgree(tables: readonly DepartmentTable[]): Finding[] {
  const first = (kind: DepartmentTable['kind']) => tables.find((t) => t.kind === kind && t.stage === 'budget');
  const overview = first('overview');
  if (!overview) return [];
  const pairs = [
    { side: INCOME_TOTAL, other: first('income') },
    { side: EXPENDITURE_TOTAL, other: first('expenditure') },
  ];
  return pairs.flatMap(({ side, other }) => {
    if (!other || other.unit !== overview.unit) return [];
    const printed = totalCell(overview, side);
    const expected = totalCell(other, TABLE_TOTAL, 'total');
    if (!printed || !expected) return [];
    const what = `${overview.tableNo} ${rowTitle(overview, printed.rowIndex)} = ${other.tableNo} ${rowTitle(other, expected.rowIndex)}`.replace(/\s+/g, ' ').trim();
    const finding = compareSum('I8.cross-table', what, { cell: printed, label: `${overview.tableNo} ${rowTitle(overview, printed.rowIndex)}`.trim() },
      [{ cell: expected, label: `${other.tableNo} ${rowTitle(other, expected.rowIndex)}`.trim() }]);
    return finding ? [finding] : [];
  });
}
