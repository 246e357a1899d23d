import type { DepartmentTable, Table } from '../../../schemas/index.ts';
import type { PageLayout } from '../../grid/page-layout.ts';
import { headerRows, readColumns, type TableColumn } from './columns.ts';
import { isContentsList, isFormTitle, kindOfTitle, peelHeadingRows, readHeading } from './heading.ts';
import { readRows } from './table-rows.ts';
import { squash } from '../labels.ts';
import { mostCommon } from '../most-common.ts';

type Open = { table: DepartmentTable; columns: TableColumn[]; header: string[][] };


/**
 * The department tables (部门预算/决算 表) of a document, from its pages' ruled grids. A table starts under a
 * title naming such a table (收支总表, 支出预算表, 三公 … : whatever the number) and runs on over the grids
 * that follow it without a title of their own, page after page, its header repeated or not. 绩效 forms are
 * left to the form reader. The unit is the one printed over the table, else the last one printed before.
 */
export function readTables(pages: readonly PageLayout[], file: string, documentId: string): DepartmentTable[] {
  const tables: DepartmentTable[] = [];
  let open: Open | null = null;
  let unit: '万元' | '元' | null = null;
  let department: string | null = null;
  // A title printed at the foot of a page whose table starts on the next page heads that table.
  let pending: string[] = [];
  for (const page of pages) {
    if (!page.tables.length) open = null;
    let above = 0;
    for (const grid of page.tables.filter((g) => !isStray(g, page))) {
      const split = peelHeadingRows(grid);
      const own = page.lines.filter((l) => l.bbox[1] >= above - 1 && l.bbox[3] <= grid.bbox[1] + 1).map((l) => l.text);
      // The foot title heads this grid only if nothing but a line or two (a unit line, a running header) comes between.
      const lines = [...(own.length <= 3 && own.every((l) => squash(l).length <= 40) ? pending : []), ...own];
      pending = [];
      above = grid.bbox[3];
      const heading = readHeading([...lines, ...split.lines.map((l) => l.text)]);
      unit = heading.unit ?? unit;
      department = heading.department ?? department;
      if (!split.body) continue;
      const body = split.body;
      // A grid one row high under a title is no table (a scanned stamp's or a title's underline read as rules):
      // the title waits for the grid below it.
      if (heading.title && body.rowEdges.length - 1 < 2 && !(open && squash(open.table.title) === squash(heading.title))) {
        pending = lines;
        continue;
      }
      if (heading.title && isFormTitle(heading.title)) {
        open = null;
        continue;
      }
      // The title printed again over the next part (Excel's print titles), with no number or the same one: the same
      // table. A part laid out otherwise (政府采购 by 品目 under the same title) adds its columns to it.
      if (heading.title && open && squash(open.table.title) === squash(heading.title) && (!heading.tableNo || heading.tableNo === open.table.tableNo)) {
        if (body.colEdges.length - 1 === open.columns.length) open.table.rows.push(...readRows(body, open.columns, 0, open.header));
        else addPart(open.table, body, page.page);
        if (!open.table.source.pages.includes(page.page)) open.table.source.pages.push(page.page);
        continue;
      }
      if (heading.title) {
        const header = headerRows(body);
        const columns = readColumns(body, header);
        if (!columns.some((c) => c.role === 'value')) {
          open = null;
          continue;
        }
        const table: DepartmentTable = {
          tableNo: heading.tableNo, title: heading.title, kind: kindOfTitle(heading.title), stage: heading.stage, fiscalYear: heading.fiscalYear,
          department: heading.department ?? department, unit: heading.unit ?? unit ?? '万元',
          columns: columns.filter((c) => c.role === 'value').map((c) => ({ key: c.key, header: c.path.join('/') })),
          rows: [], source: { file, page: page.page, pages: [page.page], documentId, ordinal: tables.length + 1 },
        };
        table.rows.push(...readRows(body, columns, header, []));
        if (isContentsList(table.rows.map((r) => r.name))) {
          open = null;
          continue;
        }
        open = { table, columns, header: headerTexts(body, header, columns) };
        tables.push(table);
        continue;
      }
      // No title: the open table runs on, if the grid has its columns (a repeated header is skipped by the row reader).
      if (!open || body.colEdges.length - 1 !== open.columns.length) {
        open = null;
        continue;
      }
      open.table.rows.push(...readRows(body, open.columns, 0, open.header));
      if (!open.table.source.pages.includes(page.page)) open.table.source.pages.push(page.page);
    }
    const foot = page.lines.filter((l) => l.bbox[1] >= above - 1).map((l) => l.text);
    if (readHeading(foot).title) pending = foot;
  }
  return fillFromDocument(tables);
}

/**
 * A document's tables are of one year, stage and unit of account: where a title leaves them out (公开01表 收支预算总表),
 * they are the ones the document's other tables print most often (2018年政府采购预算表).
 */
function fillFromDocument(tables: DepartmentTable[]): DepartmentTable[] {
  const year = mostCommon(tables.map((t) => t.fiscalYear));
  const stage = mostCommon(tables.map((t) => t.stage));
  const department = mostCommon(tables.map((t) => t.department));
  return tables.map((t) => ({ ...t, fiscalYear: t.fiscalYear ?? year, stage: t.stage ?? stage, department: t.department ?? department }));
}

/**
 * Not a table: a grid within the height of a line of text it sits in, a one-row grid that a line of text runs
 * through or that lies inside another grid (a box or underline around a heading, a scan's noise inside a table).
 */
function isStray(grid: Table, page: PageLayout): boolean {
  const [x0, y0, x1, y1] = grid.bbox;
  // No taller than a line of text it sits in: a large title glyph whose strokes a scan turned into rules.
  // (Beside the line too: the glyphs it took are missing from the line.)
  const glyph = (l: PageLayout['lines'][number]) => {
    const h = l.bbox[3] - l.bbox[1];
    return l.bbox[1] <= y0 + 2 && l.bbox[3] >= y1 - 2 && l.bbox[0] - 2 * h < x1 && l.bbox[2] + 2 * h > x0;
  };
  if (page.lines.some(glyph)) return true;
  if (grid.rowEdges.length - 1 >= 2) return false;
  const crosses = page.lines.some((l) => l.bbox[1] < y1 && l.bbox[3] > y0 && l.bbox[0] < x1 && l.bbox[2] > x0);
  const inside = page.tables.some((o) => o !== grid && o.bbox[0] <= x0 + 1 && o.bbox[1] <= y0 + 1 && o.bbox[2] >= x1 - 1 && o.bbox[3] >= y1 - 1);
  return crosses || inside;
}

/** Rows of a part with its own columns, under keys of its own (`p13_c2`), added to the table. */
function addPart(table: DepartmentTable, body: Table, page: number): void {
  const header = headerRows(body);
  const columns = readColumns(body, header).map((c) => (c.role === 'value' ? { ...c, key: `p${page}_${c.key}` } : c));
  table.columns.push(...columns.filter((c) => c.role === 'value' && !table.columns.some((k) => k.key === c.key)).map((c) => ({ key: c.key, header: c.path.join('/') })));
  table.rows.push(...readRows(body, columns, header, []));
}

function headerTexts(table: Table, rows: number, columns: TableColumn[]): string[][] {
  const out: string[][] = [];
  for (let row = 0; row < rows; row++) {
    out.push(columns.map((c) => squash(table.cells.find((cell) => cell.row <= row && row < cell.row + cell.rowSpan && cell.col <= c.index && c.index < cell.col + cell.colSpan)?.text ?? '')));
  }
  return out;
}
