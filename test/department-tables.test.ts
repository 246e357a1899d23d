import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../services/report/write-report.ts';
import { DepartmentTable, type BudgetTableRow, type Table } from '../schemas/index.ts';
import type { PageLayout } from '../workers/grid/page-layout.ts';
import { readContents } from '../workers/normalize/tables/contents.ts';
import { readDocument } from '../workers/normalize/normalize-document.ts';
import { headerRows, readColumns } from '../workers/normalize/tables/columns.ts';
import { kindOfTitle, readHeading } from '../workers/normalize/tables/heading.ts';
import { readRows } from '../workers/normalize/tables/table-rows.ts';
import { checkContents, checkTables } from '../workers/validate/department/check-tables.ts';
import { checkTotalsAgree } from '../workers/validate/department/total-agreement.ts';
import { extractSample } from './fixtures/samples.ts';

const SAMPLE = 'real-jiangsu-zhengxie-2018-budget-tables.pdf';
const row = (rows: BudgetTableRow[], name: string) => rows.find((r) => r.name === name);

describe('department tables of a Jiangsu 部门预算 (公开01–12表)', () => {
  it('finds the twelve tables, each with its number, title, kind, unit and unit of account', async () => {
    const { tables, records } = readDocument(await extractSample(SAMPLE));
    expect(records).toEqual([]);
    expect(tables.map((t) => DepartmentTable.parse(t).tableNo)).toEqual(Array.from({ length: 12 }, (_, i) => `公开${String(i + 1).padStart(2, '0')}表`));
    expect(tables.map((t) => t.kind)).toEqual([
      'overview', 'income', 'expenditure', 'fiscal_overview', 'fiscal_expenditure', 'fiscal_basic',
      'general_public_functional', 'general_public_basic', 'three_public', 'government_fund', 'operating_costs', 'procurement',
    ]);
    expect(new Set(tables.map((t) => `${t.unit} ${t.department} ${t.stage}`))).toEqual(new Set(['万元 江苏省政协办公厅 budget']));
    // Only 公开12表 prints the year (2018年政府采购预算表): the document's tables are all of that year.
    expect(new Set(tables.map((t) => t.fiscalYear))).toEqual(new Set([2018]));
    expect(tables.map((t) => t.source.page)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  // Figures read off the printed PDF by hand.
  it('reads the printed figures into the right rows and columns, with where each was printed', async () => {
    const { tables } = readDocument(await extractSample(SAMPLE));
    const [overview, income, expenditure] = tables;
    // 公开01表 is two-sided: 收入 | 支出 (功能分类) | 支出 (支出用途), one row per label and side.
    expect(row(overview!.rows, '收入合计')?.cells).toEqual({ income: 10150.48 });
    expect(row(overview!.rows, '支出合计')?.cells).toEqual({ expenditure_6: 10150.48 });
    expect(row(overview!.rows, '八、社会保障和就业支出')?.cells).toEqual({ expenditure: 823.76 });
    expect(row(overview!.rows, '三、单位预留机动经费')?.cells).toEqual({ expenditure_6: 1157.63 });
    // 公开02表: a group label spanning rows names its 小计.
    expect(row(income!.rows, '其他资金小计')?.cells).toEqual({ c3: 80 });
    expect(row(income!.rows, '收入总计')).toMatchObject({ kind: 'total', cells: { c3: 10150.48 }, printed: { c3: '10,150.48' } });
    // 公开03表: 合计 heads a column here, and the only row is the figures.
    expect(expenditure!.rows).toHaveLength(1);
    expect(expenditure!.rows[0]!.cells).toMatchObject({ total: 10150.48, basic: 5678.17, project: 3314.68, c4: 1157.63 });
    const provenance = row(income!.rows, '收入总计')!.provenance!.c3!;
    expect(provenance).toMatchObject({ page: 2, source: 'text-layer', confidence: 1 });
    // 公开09表: headers merged over three rows, flattened to the lowest one under its parents.
    const threePublic = tables[8]!;
    expect(threePublic.columns.map((c) => c.header)).toContain('“三公”经费/公务用车购置及运行维护费/公务用车运行维护费');
    expect(threePublic.rows[0]!.cells).toMatchObject({ total: 1656.86, total_2: 675.1, c8: 884.16, c9: 97.6 });
  });

  it('reads 功能分类 codes and names apart', async () => {
    const { tables } = readDocument(await extractSample(SAMPLE));
    const functional = tables[6]!;
    const coded = functional.rows.filter((r) => r.code !== null);
    expect(coded.length).toBeGreaterThan(5);
    for (const r of coded) expect(r.code).toMatch(/^\d{3}(\d{2}){0,2}$/);
    expect(coded.every((r) => !/\d{3}/.test(r.name))).toBe(true);
  });
});

describe('table headings', () => {
  it('take the number, title, unit and unit of account from the lines over a table, whatever the template', () => {
    expect(readHeading(['预算01表 收支总表', '金额单位：万元'])).toMatchObject({ tableNo: '预算01表', title: '收支总表', unit: '万元' });
    expect(readHeading(['公开09表', '“三公”经费、会议费、培训费支出预算表', '部门：江苏省政协办公厅 单位：万元']))
      .toMatchObject({ tableNo: '公开09表', unit: '万元', department: '江苏省政协办公厅' });
    expect(readHeading(['2023年部门收入预算总表', '编制部门：上海市普陀区人民政府万里街道办事处 单位:元']))
      .toMatchObject({ tableNo: '', title: '2023年部门收入预算总表', unit: '元', fiscalYear: 2023, stage: 'budget' });
    // A note under the previous table is not a title, nor a page number a table number.
    expect(readHeading(['注：本单位无政府性基金预算支出，故本表为空表', '12'])).toMatchObject({ tableNo: '', title: null });
  });

  it('name what a table holds by its title, not its number', () => {
    expect(kindOfTitle('一般公共预算财政拨款“三公”经费支出决算表')).toBe('three_public');
    expect(kindOfTitle('财政拨款收入支出决算总表')).toBe('fiscal_overview');
    expect(kindOfTitle('2023年部门一般公共预算基本支出部门预算经济分类预算表')).toBe('general_public_basic');
    expect(kindOfTitle('收入支出决算总表')).toBe('overview');
    expect(kindOfTitle('2018年政府采购预算表')).toBe('procurement');
  });
});

/** A ruled grid as the grid module gives it: `rows` of cell texts, one grid column each; `<` merges a cell into the one on its left. */
function grid(rows: string[][], page = 1): Table {
  const width = 60, height = 14;
  const cells: Table['cells'] = [];
  rows.forEach((texts, row) => texts.forEach((text, col) => {
    const left = cells[cells.length - 1];
    if (text === '<' && left) {
      left.colSpan++;
      left.bbox = [left.bbox[0], left.bbox[1], (col + 1) * width, left.bbox[3]];
      return;
    }
    cells.push({ row, col, rowSpan: 1, colSpan: 1, bbox: [col * width, row * height, (col + 1) * width, (row + 1) * height], text, source: 'text-layer', confidence: 1 });
  }));
  return {
    page, bbox: [0, 0, rows[0]!.length * width, rows.length * height],
    rowEdges: rows.map((_, i) => i * height).concat(rows.length * height),
    colEdges: rows[0]!.map((_, i) => i * width).concat(rows[0]!.length * width),
    cells,
  };
}

describe('table bodies of other templates', () => {
  it('join 类/款/项 cells into one code, skip the 栏次 row, and read 合计 as a header where no amount is beside it', () => {
    const table = grid([
      ['类', '款', '项', '科目名称', '合计', '基本支出', '项目支出'],
      ['栏次', '', '', '', '1', '2', '3'],
      ['', '', '', '合计', '30.00', '20.00', '10.00'],
      ['208', '', '', '社会保障和就业支出', '30.00', '20.00', '10.00'],
      ['208', '05', '', '行政事业单位养老支出', '30.00', '20.00', '10.00'],
      ['208', '05', '05', '机关事业单位基本养老保险缴费支出', '30.00', '20.00', '10.00'],
    ]);
    const header = headerRows(table);
    const columns = readColumns(table, header);
    expect(columns.map((c) => c.role)).toEqual(['code', 'code', 'code', 'name', 'value', 'value', 'value']);
    const rows = readRows(table, columns, header, []);
    expect(rows.map((r) => [r.code, r.name, r.kind])).toEqual([
      [null, '合计', 'total'], ['208', '社会保障和就业支出', 'item'], ['20805', '行政事业单位养老支出', 'item'], ['2080505', '机关事业单位基本养老保险缴费支出', 'item'],
    ]);
    expect(rows[3]!.cells).toEqual({ total: 30, basic: 20, project: 10 });
  });

  it('read 款/项 cells as code parts when OCR doubles their header or a scan cuts the header off a code column', () => {
    const scanned = grid([
      ['类', '款款', '项', '科目名称', '合计'],
      ['208', '', '', '社会保障和就业支出', '30.00'],
      ['208', '05', '', '行政事业单位养老支出', '30.00'],
      ['208', '05', '05', '机关事业单位基本养老保险缴费支出', '30.00'],
    ]);
    const header = headerRows(scanned);
    expect(readColumns(scanned, header).map((c) => c.role)).toEqual(['code', 'code', 'code', 'name', 'value']);
    expect(readRows(scanned, readColumns(scanned, header), header, []).map((r) => r.code)).toEqual(['208', '20805', '2080505']);
    const headless = grid([
      ['', '科目名称', '金额'],
      ['301', '工资福利支出', '2,097.51'],
      ['30101', '基本工资', '737.94'],
      ['30102', '津贴补贴', '1,263.76'],
    ]);
    expect(readColumns(headless, headerRows(headless)).map((c) => c.role)).toEqual(['code', 'name', 'value']);
    // Two-digit amounts stay amounts where no code column stands beside them.
    const small = grid([['项目', '人数', '金额'], ['在职', '12', '30.00'], ['离休', '03', '4.00']]);
    expect(readColumns(small, headerRows(small)).map((c) => c.role)).toEqual(['name', 'value', 'value']);
  });

  it('give a two-sided table one row per label and side, whatever the width of its columns', () => {
    for (const pad of ['', '　']) {
      const table = grid([
        ['收入', '<', '支出', '<'],
        [`项目${pad}`, '预算数', '项目', '预算数'],
        ['一、一般公共预算拨款', '100.00', '一、一般公共服务支出', '60.00'],
        ['', '', '二、教育支出', '40.00'],
        ['收入总计', '100.00', '支出总计', '100.00'],
      ]);
      const header = headerRows(table);
      const rows = readRows(table, readColumns(table, header), header, []);
      expect(rows.map((r) => `${r.name}=${JSON.stringify(r.cells)}`)).toEqual([
        '一、一般公共预算拨款={"income":100}', '一、一般公共服务支出={"expenditure":60}', '二、教育支出={"expenditure":40}',
        '收入总计={"income":100}', '支出总计={"expenditure":100}',
      ]);
    }
  });
});

describe('department tables in the report', () => {
  const collect = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
    return { stream, text: () => chunks.join('') };
  };

  it('lists each table with its I8 counts, and every failure with its cells, in Markdown and CSV', async () => {
    const { tables } = readDocument(await extractSample(SAMPLE));
    // A figure typed wrong on purpose: 公开07表's 201 (一般公共服务支出) one hundred more than its rows.
    const functional = tables[6]!;
    const row = functional.rows.find((r) => r.code === '201')!;
    const tampered = { ...functional, rows: functional.rows.map((r) => (r === row ? { ...r, cells: { ...r.cells, c3: r.cells.c3! + 100 } } : r)) };
    const checked = checkTables(tables.map((t) => (t === functional ? tampered : t)));
    const clean = checkTables(tables);
    expect(clean.flatMap((t) => t.findings).filter((f) => f.status === 'fail')).toEqual([]);

    const md = collect();
    await writeReport([], 'md', {}, md.stream, checked);
    expect(md.text()).toContain('## Department tables (部门预算/决算 表)');
    expect(md.text()).toMatch(/\| 公开07表 一般公共预算支出预算表 \| general_public_functional \| 7 \| \d+ \| \d+ \| [1-9]\d* \| \d+ \|/);
    expect(md.text()).toMatch(/- 公开07表 一般公共预算支出预算表: .*201 .*\(cells on p\.7\)/);

    const csv = collect();
    await writeReport([], 'csv', {}, csv.stream, checked);
    const lines = csv.text().trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith('江苏省政协办公厅,2018,real-jiangsu-zhengxie-2018-budget-tables.pdf,7,7,公开07表 一般公共预算支出预算表,check,I8.'))).toBe(true);
  });
});

describe('the contents page (目录) against the tables printed', () => {
  const line = (text: string, y: number) => ({ text, bbox: [72, y, 400, y + 12] as [number, number, number, number], items: [] });
  const contentsPage = (page: number, texts: string[]): PageLayout => ({ page, width: 595, height: 842, tables: [], lines: texts.map((t, i) => line(t, 80 + 28 * i)) });
  const printedTable = (ordinal: number, title: string): DepartmentTable => ({
    tableNo: '', title, kind: kindOfTitle(title), stage: 'final_accounts', fiscalYear: 2024, department: null, unit: '万元', columns: [], rows: [],
    source: { file: 'x.pdf', page: 5 + ordinal, pages: [5 + ordinal], documentId: 'a'.repeat(64), ordinal },
  });
  const toc = [contentsPage(2, [
    '目 录', '第一部分 概况', '一、主要职能', '第二部分 2024年度部门决算表', '一、收入支出决算总表', '二、收入决算表', '三、支出决算表',
    '四、政府采购支出预算表 ……… 12', '第三部分 2024年度部门决算情况说明', '一、收入支出决算总体情况说明',
  ])];

  it('lists the tables the 目录 names, not its parts or its 说明 sections', () => {
    expect(readContents(toc).map((e) => e.title)).toEqual(['收入支出决算总表', '收入决算表', '支出决算表', '政府采购支出预算表']);
  });

  it('finds a listed table the document leaves out, and matches titles printed with a year, a unit or a word more or less', () => {
    const all = ['2024年收入支出决算总表', '收入决算表', '支出决算表', '2024年上海市普陀区财政局部门政府采购预算表'].map((t, i) => printedTable(i + 1, t));
    const clean = checkContents(all, readContents(toc));
    expect(clean.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    // Without 支出决算表, its entry is not taken by 收入支出决算总表 (whose own entry takes it).
    const missing = checkContents(all.filter((t) => t.title !== '支出决算表'), readContents(toc));
    expect(missing.filter((f) => f.status === 'fail')).toEqual([
      expect.objectContaining({ code: 'I8.contents', severity: 'warning', message: '目录 p.2 lists 支出决算表, which the document does not print', evidence: [expect.objectContaining({ page: 2 })] }),
    ]);
    // A document whose tables are published elsewhere (a 说明 file) is not told it lacks them.
    expect(checkContents([], readContents(toc))).toEqual([]);
  });
});

describe('totals that two tables of a 部门预算 carry alike', () => {
  it('holds the 收支总表 收入合计 against the 收入总表 总计, and fails a misprinted one with both cells', async () => {
    const { tables } = readDocument(await extractSample(SAMPLE));
    expect(checkTotalsAgree(tables)).toEqual([expect.objectContaining({ code: 'I8.cross-table', status: 'pass', message: expect.stringContaining('公开01表 收入合计 10,150.48 vs 公开02表 收入总计 10,150.48') })]);
    const income = tables[1]!;
    const misprinted = { ...income, rows: income.rows.map((r) => (r.name === '收入总计' ? { ...r, cells: { c3: 10105.48 }, printed: { c3: '10,105.48' } } : r)) };
    const [finding] = checkTotalsAgree(tables.map((t) => (t === income ? misprinted : t)));
    expect(finding).toMatchObject({ status: 'fail', expected: '10105.48', printed: '10,150.48' });
    expect(finding!.evidence.map((e) => e.page)).toEqual([1, 2]);
  });
});
