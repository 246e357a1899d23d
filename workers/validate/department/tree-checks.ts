import type { BudgetTable, Finding } from '../../../schemas/index.ts';
import { skipped } from '../finding.ts';
import { cellLabel, columnTitle, rowTitle } from './cells.ts';
import { formatCode, normalizeCode } from './codes.ts';
import { compareSum, type Term } from './compare-sum.ts';
import { labelList } from './labels.ts';
import { findLabelledRow, resolveColumn } from './table-lookup.ts';
import type { TableSpec } from './table-spec.ts';

type CodedRow = { index: number; code: string };

/** Rows that carry a classification code; total rows are left out even if they print one. */
const codedRows = (table: BudgetTable): CodedRow[] =>
  table.rows.flatMap((row, index) => {
    const code = row.kind === 'total' ? null : normalizeCode(row.code);
    return code ? [{ index, code }] : [];
  });

/**
 * The rows directly below a code: among its descendants, those with no other descendant above them. A
 * skipped level (项 printed without their 款) still sums, and 表7's projects sharing one 项 code all count.
 */
function childrenOf(code: string, rows: readonly CodedRow[]): CodedRow[] {
  const descendants = rows.filter((row) => row.code.length > code.length && row.code.startsWith(code));
  return descendants.filter((row) => !descendants.some((other) => other.code.length < row.code.length && row.code.startsWith(other.code)));
}

/** Codes with nothing above them in the table: the 类 rows, normally. */
const rootsOf = (rows: readonly CodedRow[]): CodedRow[] =>
  rows.filter((row) => !rows.some((other) => other.code.length < row.code.length && row.code.startsWith(other.code)));

/**
 * I8.tree: 类 = Σ 款 = Σ 项 per value column, and the total row = Σ 类. A parent whose code repeats is
 * checked once, at its first row.
 */
export function checkTreeSums(table: BudgetTable, spec: TableSpec): Finding[] {
  const tree = spec.tree;
  if (!tree) return [];
  const keys = tree.columns ?? table.columns.map((column) => column.key);
  const resolved = keys.map((key) => ({ key, column: resolveColumn(table, spec, key) }));
  const columns = resolved.flatMap(({ column }) => (column ? [column] : []));
  const missing = resolved.flatMap(({ key, column }) => (column ? [] : [key]));
  const rows = codedRows(table);
  const parents = rows.filter((row, i) => rows.findIndex((other) => other.code === row.code) === i);
  const term = (row: CodedRow, column: (typeof columns)[number]): Term => ({
    cell: { table, rowIndex: row.index, column },
    label: formatCode(row.code),
  });

  const findings: Finding[] = missing.map((key) => skipped('I8.tree', `${table.tableNo}: no ${key} column, so its sums are not checked`));
  for (const parent of parents) {
    const children = childrenOf(parent.code, rows);
    if (children.length === 0) continue;
    for (const column of columns) {
      const what = `${cellLabel({ table, rowIndex: parent.index, column })} = Σ rows below`;
      const finding = compareSum('I8.tree', what, term(parent, column), children.map((child) => term(child, column)));
      if (finding) findings.push(finding);
    }
  }

  const roots = rootsOf(rows);
  if (roots.length === 0) return findings;
  const totalIndex = findLabelledRow(table, tree.totalRow);
  if (totalIndex === undefined) {
    return [...findings, skipped('I8.tree', `${table.tableNo}: no ${labelList(tree.totalRow).join('/')} row, so total = Σ 类 is not checked`)];
  }
  for (const column of columns) {
    const what = `${table.tableNo} ${rowTitle(table, totalIndex)} · ${columnTitle(column)} = Σ 类`;
    const total: Term = { cell: { table, rowIndex: totalIndex, column }, label: rowTitle(table, totalIndex) };
    const finding = compareSum('I8.tree', what, total, roots.map((root) => term(root, column)));
    if (finding) findings.push(finding);
  }
  return findings;
}
