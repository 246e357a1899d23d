import type { CheckedTable, ContentsEntry, DepartmentTable, Finding } from '../../../schemas/index.ts';
import { failed, passed } from '../finding.ts';
import { checkDepartmentTable } from './check-department-tables.ts';
import { checkCrossTables } from './cross-table-checks.ts';
import { normalizeTitle } from './labels.ts';
import { checkTotalsAgree } from './total-agreement.ts';

/**
 * I8 on the department tables read from one document: each table's own sums on it, the equalities between
 * tables and the tables its contents page lists on the first table (they belong to no single table).
 */
export function checkTables(tables: readonly DepartmentTable[], contents: readonly ContentsEntry[] = []): CheckedTable[] {
  const documentWide = [...checkCrossTables(tables), ...checkTotalsAgree(tables), ...checkContents(tables, contents)];
  return tables.map((table, i) => ({ table, findings: [...checkDepartmentTable(table), ...(i === 0 ? documentWide : [])] }));
}

/**
 * A title without what some print before it: the year and the unit of account, up to 部门
 * (`2017年江苏省高级人民法院部门政府采购预算表` → `政府采购预算表`), the same on both sides of a comparison.
 */
const bareTitle = (title: string): string => normalizeTitle(title).replace(/^.*?(19|20)\d{2}年度?/, '').replace(/^.*部门/, '');

/** `a`'s characters in order within `b`: a title shortened or lengthened by a word (政府采购(支出)预算表). */
function within(a: string, b: string): boolean {
  let i = 0;
  for (const ch of b) if (ch === a[i]) i++;
  return i === a.length;
}

/**
 * I8.contents: every table the document's 目录 lists is printed. Entries are matched to tables one to one, the
 * same title first, then a title one word shorter or longer; a document with no table at all is left alone
 * (its tables may be published in another file, as Jiangsu's 说明 and 公开表 are).
 */
export function checkContents(tables: readonly DepartmentTable[], contents: readonly ContentsEntry[]): Finding[] {
  if (!tables.length) return [];
  const titles = tables.map((t) => bareTitle(t.title));
  const matched = new Map<number, number>();
  const taken = new Set<number>();
  const pass = (same: (a: string, b: string) => boolean) => contents.forEach((entry, e) => {
    if (matched.has(e)) return;
    const wanted = bareTitle(entry.title);
    const t = titles.findIndex((title, i) => !taken.has(i) && same(wanted, title));
    if (t >= 0) (matched.set(e, t), taken.add(t));
  });
  pass((a, b) => a === b);
  pass((a, b) => within(a, b) || within(b, a));
  return contents.map((entry, e) => {
    const evidence = [{ field: 'contents', page: entry.page, bbox: entry.bbox, printed: entry.title }];
    const t = matched.get(e);
    return t !== undefined
      ? passed('I8.contents', { message: `目录 p.${entry.page} lists ${entry.title}: printed as ${tables[t]!.tableNo} ${tables[t]!.title}`.replace(/\s+/g, ' '), evidence })
      : failed('I8.contents', { message: `目录 p.${entry.page} lists ${entry.title}, which the document does not print`, expected: entry.title, printed: null, evidence }, 'warning');
  });
}
