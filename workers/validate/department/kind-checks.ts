import type { BudgetTable, BudgetTableColumn, DepartmentTable, Finding } from '../../../schemas/index.ts';
import { cellLabel, columnTitle, rowTitle } from './cells.ts';
import { compareSum, type Term } from './compare-sum.ts';
import { normalizeLabel } from './labels.ts';

/**
 * What holds in a table of a kind (contract/tables.md), whatever its template, title and number:
 * - a 收支总表 (overview, fiscal_overview) balances: its 收入 side's 总计 = its 支出 side's 总计;
 * - in an income or expenditure table, each row's 合计 = Σ the columns beside it that are parts of it (a source
 *   of money or a kind of spending), leaving out 其中 columns and the parts of a 小计 printed beside them;
 * - in a "三公" table, per block of columns (预算数 | 决算数, 上年 | 当年): 三公 = 出国 + 用车 + 接待, 用车 = 购置 + 运行,
 *   and where 会议费 and 培训费 are printed beside them under one 合计, 合计 = 三公 + 会议费 + 培训费.
 * Null when the table's layout does not say which cells these are: nothing is guessed.
 */
export function checkByKind(table: BudgetTable): Finding[] {
  const kind = (table as Partial<DepartmentTable>).kind;
  if (kind === 'overview' || kind === 'fiscal_overview') return sidesBalance(table);
  if (kind === 'three_public') return threePublic(table);
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

type PublicRole = 'all' | 'three' | 'abroad' | 'car' | 'carBuy' | 'carRun' | 'reception' | 'meeting' | 'training';

/** What a 三公 table's column holds, by its header's words. */
function publicRole(path: readonly string[]): PublicRole | null {
  const last = path[path.length - 1] ?? '';
  const under = path.slice(0, -1).join('/');
  if (/因公出国/.test(last)) return 'abroad';
  if (/公务接待/.test(last)) return 'reception';
  if (/会议费/.test(last)) return 'meeting';
  if (/培训费/.test(last)) return 'training';
  if (/购置费$/.test(last)) return 'carBuy';
  if (/运行(维护)?费$/.test(last) && !/购置及运行/.test(last)) return 'carRun';
  if (/公务用车购置及运行/.test(last) || (/^小计$/.test(last) && /公务用车购置及运行/.test(under))) return 'car';
  if (/三公/.test(last) || ((/^(小计|合计)$/.test(last)) && /三公/.test(under))) return 'three';
  if (/^(合计|总计)$/.test(last)) return 'all';
  return null;
}

/** Where a block of columns starts in a header (`预算数/…`, `当年/…`): the words before the 三公 words. */
const blockOf = (path: readonly string[]): string =>
  path.slice(0, Math.max(0, path.findIndex((p) => /三公|因公出国|公务|会议费|培训费|^合计$|^小计$/.test(p)))).join('/');

function threePublic(table: BudgetTable): Finding[] {
  // Columns by block; a header printed twice over two blocks (预算数 and 决算数 under it) starts a block each time.
  const blocks = new Map<string, Map<PublicRole, BudgetTableColumn>>();
  const seen = new Map<string, number>();
  for (const column of table.columns) {
    const path = column.header.split('/').map(normalizeLabel).filter(Boolean);
    const role = publicRole(path);
    if (!role) continue;
    const n = seen.get(column.header) ?? 0;
    seen.set(column.header, n + 1);
    const key = `${blockOf(path)}#${n}`;
    const block = blocks.get(key) ?? new Map<PublicRole, BudgetTableColumn>();
    if (!block.has(role)) block.set(role, column);
    blocks.set(key, block);
  }
  const out: Finding[] = [];
  for (const block of blocks.values()) {
    const has = (...roles: PublicRole[]) => roles.every((r) => block.has(r));
    // Without 会议费 and 培训费 beside them, the block's 合计 is the 三公's.
    if (!block.has('three') && block.has('all') && !has('meeting') && !has('training')) block.set('three', block.get('all')!);
    const equations: [PublicRole, PublicRole[]][] = [];
    if (has('car', 'carBuy', 'carRun')) equations.push(['car', ['carBuy', 'carRun']]);
    if (has('three', 'abroad', 'reception') && (has('car') || has('carBuy', 'carRun'))) equations.push(['three', ['abroad', ...(has('car') ? ['car' as const] : ['carBuy' as const, 'carRun' as const]), 'reception']]);
    if (has('all', 'three', 'meeting', 'training') && block.get('all') !== block.get('three')) equations.push(['all', ['three', 'meeting', 'training']]);
    for (const [total, parts] of equations) {
      table.rows.forEach((_, rowIndex) => {
        const term = (role: PublicRole): Term => ({ cell: { table, rowIndex, column: block.get(role)! }, label: columnTitle(block.get(role)!) });
        const finding = compareSum('I8.three-public', cellLabel({ table, rowIndex, column: block.get(total)! }), term(total), parts.map(term));
        if (finding) out.push(finding);
      });
    }
  }
  return out;
}
