import type { DepartmentTableKind, Table } from '../../../schemas/index.ts';
import { squash } from '../labels.ts';

/** What the lines printed over a department table say: its number, title, unit, unit of account, year, stage. */
export type TableHeading = {
  tableNo: string;
  title: string | null;
  unit: '万元' | '元' | null;
  department: string | null;
  fiscalYear: number | null;
  stage: 'budget' | 'final_accounts' | null;
};


/**
 * Table numbers as the templates print them, alone on a line or before the title: 表1, 表一, 表 3-1, 公开01表,
 * 预算01表, 决算02表, 附表2, 附件1-3 (no number is printed by some units at all). With spaces dropped, the number
 * stops where the title starts: `表5一般公共预算…` is 表5, `表一一般公共预算…` 表一.
 */
const TABLE_NO = /^(?:(?:附件|附表|公开|预算|决算|部门预算|部门决算)表?\d+(?:-\d+)?表?|表(?:\d+|[一二三四五六七八九十]+?(?=一般|[^一二三四五六七八九十]|$))(?:-\d+)?)/;

/** A title names a budget or final-accounts table: what the templates end their titles with. */
const TITLE = /(总表|预算表|决算表|情况表|明细表|分类表|支出表|收入表|[^\d]表)$/;
/** 绩效 forms (目标表, 自评表, their 评价得分 appendices) are records read by the form reader, not department tables. */
const FORM_TITLE = /绩效|自评|评价|得分|目标表|目标申报|填报表/;
const UNIT = /(?:金额)?单位[:：](万元|元)/;
const DEPARTMENT = /(?:部门|单位名称|预算单位|编制单位|编制部门|填报单位)[:：]([^\s:：]+?)(?=单位[:：]|金额单位|$)/;

/** The heading of a table from the free lines above it (nearest last) and title rows drawn inside it. */
export function readHeading(lines: readonly string[]): TableHeading {
  const heading: TableHeading = { tableNo: '', title: null, unit: null, department: null, fiscalYear: null, stage: null };
  for (const raw of joinWrapped(lines)) {
    const line = squash(raw);
    if (!line) continue;
    const unit = UNIT.exec(line);
    if (unit) heading.unit = unit[1] as '万元' | '元';
    const department = DEPARTMENT.exec(line);
    if (department && !/^[xX]+$/.test(department[1]!)) heading.department = department[1]!;
    const number = TABLE_NO.exec(line);
    let rest = line;
    if (number && !unit) {
      heading.tableNo = number[0];
      rest = line.slice(number[0].length).replace(/^[:：、.]/, '');
    }
    // Notes under the previous table (注：本表为空表) and prose end with 表 too; a title is short, without colon or sentence stops.
    // A title may end in an aside: 财政拨款支出预算表（功能科目）, …情况表（按经济分类科目）.
    const bare = rest.replace(/[(（][^()（）]*[)）]$/, '');
    if (rest && TITLE.test(bare) && !unit && !department && rest.length <= 60 && !/^(注|说明|备注)|[:：。;；,，]/.test(rest)) heading.title = rest;
  }
  if (heading.title) {
    const year = /(19|20)\d{2}(?=年)/.exec(heading.title);
    heading.fiscalYear = year ? Number(year[0]) : null;
    heading.stage = /决算/.test(heading.title) ? 'final_accounts' : /预算/.test(heading.title) ? 'budget' : null;
  }
  return heading;
}

/** A title wrapped before its last characters (`“三公”经费、会议费、培训费支出预算` / `表`) is one line again. */
function joinWrapped(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out[out.length - 1];
    if (previous !== undefined && /^[^:：\d]{0,6}表$/.test(squash(line)) && !/表$/.test(squash(previous))) out[out.length - 1] = previous + line;
    else out.push(line);
  }
  return out;
}

/** A list of table titles drawn as a grid (a 目录 page) is not a table: most of its rows name tables. */
export const isContentsList = (names: readonly string[]): boolean =>
  names.length >= 3 && names.filter((n) => TITLE.test(squash(n).replace(/[(（][^()（）]*[)）]$/, ''))).length * 2 >= names.length;

/** Whether a text reads as a table's title (ends in 表, an aside after it allowed). */
export const isTableTitle = (text: string): boolean => TITLE.test(squash(text).replace(/[(（][^()（）]*[)）]$/, ''));

export const isFormTitle = (title: string): boolean => FORM_TITLE.test(squash(title));

/**
 * What a table is, by the words of its title (contract/tables.md), most specific first: 财政拨款 before 收支总表,
 * 基本支出 before 支出, 三公 before 机关运行经费 (Shanghai prints both in one table).
 */
const KINDS: readonly [DepartmentTableKind, RegExp][] = [
  ['three_public', /三公/],
  ['operating_costs', /机关运行经费/],
  ['procurement', /政府采购/],
  ['government_fund', /政府性基金/],
  ['state_capital', /国有资本经营/],
  ['project_expenditure', /项目支出/],
  ['fiscal_overview', /财政拨款收支|财政拨款收入支出/],
  ['general_public_basic', /一般公共预算.*基本支出|基本支出.*经济分类/],
  ['fiscal_basic', /财政拨款.*基本支出/],
  ['general_public_functional', /一般公共预算.*支出|一般公共预算.*功能分类/],
  ['fiscal_expenditure', /财政拨款.*支出/],
  ['overview', /收支.*总表|收入支出.*总表|收支总体/],
  ['income', /收入/],
  ['expenditure', /支出/],
];

export const kindOfTitle = (title: string): DepartmentTableKind => KINDS.find(([, words]) => words.test(squash(title)))?.[0] ?? 'other';

/** A line that is part of a heading: a number, a title, a unit or the unit of account it is printed for. */
const isHeadingText = (text: string): boolean => {
  const h = readHeading([text]);
  return Boolean(h.tableNo || h.title || h.unit || h.department) || /^[(（]?(19|20)\d{2}年度?[)）]?$/.test(squash(text));
};

/**
 * The heading drawn as the grid's own top rows (Excel exports put 预算01表 收支总表 and 金额单位：万元 in cells
 * over the table): those rows become heading lines and the rest is the table. Only rows whose every printed
 * cell is heading text (or that are empty) are taken, so a header row over all columns stays a header.
 */
export function peelHeadingRows(table: Table): { lines: { text: string }[]; body: Table | null } {
  const rows = table.rowEdges.length - 1;
  const lines: { text: string }[] = [];
  let top = 0;
  for (; top < rows; top++) {
    const printed = table.cells.filter((c) => c.row === top && c.text.trim() !== '');
    if (table.cells.some((c) => c.row < top && c.row + c.rowSpan > top && c.text.trim() !== '')) break;
    if (!printed.every((c) => isHeadingText(c.text))) break;
    lines.push(...printed.map((c) => ({ text: c.text })));
  }
  if (top === 0) return { lines, body: table };
  if (top === rows) return { lines, body: null };
  const cells = table.cells
    .filter((c) => c.row + c.rowSpan > top)
    .map((c) => (c.row >= top ? { ...c, row: c.row - top } : { ...c, row: 0, rowSpan: c.rowSpan - (top - c.row) }));
  const rowEdges = table.rowEdges.slice(top);
  return { lines, body: { ...table, bbox: [table.bbox[0], rowEdges[0]!, table.bbox[2], table.bbox[3]], rowEdges, cells } };
}
