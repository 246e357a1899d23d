import { describe, expect, it } from 'vitest';
import { readDocument } from '../workers/normalize/normalize-document.ts';
import { extractPdf } from '../workers/extract/extract-pdf.ts';
import { checkTables } from '../workers/validate/department/check-tables.ts';
import { drawForms, facesInstalled, type FormSpec, type Layout } from './fixtures/form-pdf.ts';

const ON_CI = process.env['CI'] === 'true';

/** 表5 as Excel exports it: codes, names, three amounts; 类 = Σ 款 = Σ 项, 合计 = 基本 + 项目. */
const ROWS: [string, string, string, string, string][] = [
  ['201', '一般公共服务支出', '2,106.66', '1,503.52', '603.14'],
  ['20106', '财政事务', '2,106.66', '1,503.52', '603.14'],
  ['2010601', '行政运行', '1,511.89', '1,503.52', '8.37'],
  ['2010607', '信息化建设', '594.77', '', '594.77'],
  ['208', '社会保障和就业支出', '326.72', '326.72', ''],
  ['20805', '行政事业单位养老支出', '326.72', '326.72', ''],
  ['2080505', '机关事业单位基本养老保险缴费支出', '326.72', '326.72', ''],
];
const table: FormSpec = {
  heading: ['表5 一般公共预算支出表', '单位：万元'],
  columns: 5,
  rows: [
    [{ text: '科目编码' }, { text: '科目名称' }, { text: '合计' }, { text: '基本支出' }, { text: '项目支出' }],
    [{ text: '' }, { text: '合计' }, { text: '2,433.38' }, { text: '1,830.24' }, { text: '603.14' }],
    ...ROWS.map((row) => row.map((text) => ({ text }))),
  ],
};

/** What must not matter: borders drawn or not, the face and size, orientation, column widths, numbers flush right or left. */
const LAYOUTS: [string, Layout][] = [
  ['every border (the ruled reading)', { face: 'wqy-microhei', size: 10, landscape: true, widths: [1, 3, 1, 1, 1] }],
  ['no border at all, numbers flush right', { face: 'wqy-microhei', size: 10, landscape: true, widths: [1, 3, 1, 1, 1], rules: 'none', numbersRight: true }],
  ['no border, Kai 12pt portrait, narrow name column', { face: 'ukai', size: 12, landscape: false, widths: [1.2, 2.6, 1, 1, 1], rules: 'none' }],
  ['rows ruled only, Micro Hei 9pt portrait, numbers flush right', { face: 'wqy-microhei', size: 9, landscape: false, widths: [1, 2, 1.2, 1.2, 1.2], rules: 'rows', numbersRight: true }],
  ['no border, Kai 14pt landscape, table at 80% width', { face: 'ukai', size: 14, landscape: true, widths: [1, 2.5, 1, 1, 1], rules: 'none', tableShare: 0.8 }],
  ['no border, over two pages with the heading not repeated', { face: 'wqy-microhei', size: 11, landscape: false, widths: [1, 3, 1, 1, 1], rules: 'none', pageRoom: 150 }],
  ['no border, over two pages with the heading repeated', { face: 'ukai', size: 11, landscape: true, widths: [1, 3, 1, 1, 1], rules: 'none', pageRoom: 140, repeatHeading: true, numbersRight: true }],
];

describe.skipIf(!facesInstalled() && !ON_CI)('department tables printed without ruling lines', () => {
  it.each(LAYOUTS)('reads the same table, %s', async (_, layout) => {
    const bytes = await drawForms([table], layout);
    const doc = readDocument(await extractPdf('u'.repeat(64), 'unruled.pdf', bytes));
    expect(doc.tables).toHaveLength(1);
    const read = doc.tables[0]!;
    expect(read).toMatchObject({ tableNo: '表5', title: '一般公共预算支出表', kind: 'general_public_functional', unit: '万元' });
    expect(read!.rows.map((r) => [r.code, r.name])).toEqual([[null, '合计'], ...ROWS.map(([code, name]) => [code, name])]);
    const number = (text: string) => (text ? Number(text.replace(/,/g, '')) : null);
    const values = (r: (typeof read.rows)[number]) => read!.columns.map((c) => r.cells[c.key] ?? null);
    expect(read!.rows.slice(1).map(values)).toEqual(ROWS.map(([, , ...amounts]) => amounts.map(number)));
    expect(values(read!.rows[0]!)).toEqual([2433.38, 1830.24, 603.14]);
    // Every cell keeps where it was printed.
    expect(read!.rows[2]!.provenance?.[read!.columns[0]!.key]).toMatchObject({ page: 1, source: 'text-layer' });
    // Read right, it balances.
    const findings = checkTables(doc.tables).flatMap((t) => t.findings);
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(findings.filter((f) => f.status === 'pass').length).toBeGreaterThan(5);
    // Its lines are table rows, not prose.
    expect(doc.prose.some((s) => s.text.includes('行政运行'))).toBe(false);
  });

  it('leaves text set in columns without a table title alone', async () => {
    const signature: FormSpec = { heading: ['关于2024年度部门决算的说明'], columns: 3, rows: [[{ text: '单位负责人：张三' }, { text: '财务负责人：李四' }, { text: '填表人：王五' }], [{ text: '联系电话：12345678' }, { text: '日期：2025.3.1' }, { text: '共3页' }]] };
    const bytes = await drawForms([signature], { face: 'wqy-microhei', size: 10, landscape: false, widths: [1, 1, 1], rules: 'none' });
    expect(readDocument(await extractPdf('s'.repeat(64), 'sig.pdf', bytes)).tables).toEqual([]);
  });
});
