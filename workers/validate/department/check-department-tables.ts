import type { BudgetTable, Finding } from '../../../schemas/index.ts';
import { notApplicable, skipped } from '../finding.ts';
import { checkBalances } from './balance-checks.ts';
import { checkCrossTables } from './cross-table-checks.ts';
import { checkByKind } from './kind-checks.ts';
import { checkRowTotals } from './row-total-checks.ts';
import { findTableSpec } from './table-lookup.ts';
import type { TableSpec } from './table-spec.ts';
import { checkTreeSums } from './tree-checks.ts';

/*
 * Finding codes (all kind 'check'; fail = error, pass/skipped = info):
 *   I8.tree          类 = Σ 款 = Σ 项 per value column, and 合计 = Σ 类
 *   I8.row-total     a total column = Σ its part columns, in every row
 *   I8.balance       sums across labelled rows: 收入总计 = 支出总计, 一般公共预算拨款 = 一般财力 + 上级转移支付, …
 *   I8.three-public  三公 合计 = 出国 + 接待 + 用车小计, 小计 = 购置 + 运行
 *   I8.cross-table   equalities between tables (表1 = 表2 totals, 表5 = 表6/表7, 表3 = 表2 by code, …)
 *   I8               the table's title matches no spec (skipped)
 * An equation whose cells are all blank yields no finding; every other one yields exactly one.
 */

/**
 * I8 within one department table: code-tree sums, row totals, balances and 三公, by the seed templates' specs or
 * by what any table of its kind holds (kind-checks). A table neither covers is reported as skipped, not passed.
 */
export function checkDepartmentTable(table: BudgetTable): Finding[] {
  const seed = findTableSpec(table.title);
  const spec = seed ?? genericSpec(table);
  // What any template's table of its kind must hold, where no seed spec knows the title (it holds those already).
  const byKind = seed ? [] : checkByKind(table).filter((f) => !(spec?.rowTotals && f.code === 'I8.row-total'));
  if (!spec && !byKind.length) {
    // A table printed with its headers only (本表无数据) has nothing to add up: that is no gap in the checks.
    const empty = table.rows.every((row) => Object.values(row.cells).every((v) => v === null || v === 0));
    return [empty
      ? notApplicable('I8', `${table.tableNo} ${table.title}: no figure printed`.trim())
      : skipped('I8', `${table.tableNo} ${table.title}: no department-table spec matches the title`)];
  }
  return [...(spec ? [...checkTreeSums(table, spec), ...checkRowTotals(table, spec), ...checkBalances(table, spec)] : []), ...byKind];
}

/**
 * What holds in any template's table, whatever its title: its 功能分类/经济分类 tree sums (类 = Σ 款 = Σ 项, 合计
 * = Σ 类), and 合计 = 基本支出 + 项目支出 where those are its only value columns. Null for a table with neither.
 */
function genericSpec(table: BudgetTable): TableSpec | null {
  const codes = table.rows.flatMap((row) => (row.code !== null && row.kind !== 'total' ? [row.code.replace(/\s/g, '')] : []));
  // A classification tree: 类 (3 digits) / 款 (5) / 项 (7) codes of the 功能分类 (2xx) or 经济分类 (3xx, 5xx).
  // Codes of another scheme (a unit's own 116001, a 采购目录 780) make no tree.
  const tree = codes.length >= 2 && codes.every((c) => /^[235]\d{2}(\d{2}){0,2}$/.test(c));
  const coded = tree ? codes.length : 0;
  const keys = table.columns.map((column) => column.key).sort().join(',');
  const rowTotals = keys === 'basic,project,total' ? [{ total: 'total', parts: ['basic', 'project'] }] : undefined;
  if (coded < 2 && !rowTotals) return null;
  return {
    kind: 'generic', title: table.title, columns: {},
    ...(coded >= 2 ? { tree: { totalRow: ['合计', '总计'] } } : {}),
    ...(rowTotals ? { rowTotals } : {}),
  };
}

/**
 * I8 for the department tables of one document: each table's own sums, then the equalities between tables.
 * Prose figures = table figures (the last clause of I8) is not checked here: the prose is not extracted into
 * a model yet, and matching a quoted figure to its cell needs the sentence's subject, not arithmetic.
 */
export const checkDepartmentTables = (tables: readonly BudgetTable[]): Finding[] => [
  ...tables.flatMap(checkDepartmentTable),
  ...checkCrossTables(tables),
];
