import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../services/report/write-report.ts';
import { DepartmentReport, type DepartmentTable, type DocumentSubject, type Finding, type ProseSentence } from '../schemas/index.ts';
import type { PageLayout } from '../workers/grid/page-layout.ts';
import { readDocument } from '../workers/normalize/normalize-document.ts';
import { quotedFigures } from '../workers/normalize/prose/quoted-figures.ts';
import { readProse } from '../workers/normalize/prose/read-prose.ts';
import { readSubject } from '../workers/normalize/prose/read-subject.ts';
import { checkDocument } from '../workers/validate/prose/check-document.ts';
import { checkProseArithmetic } from '../workers/validate/prose/prose-arithmetic.ts';
import { checkProseAgainstTables } from '../workers/validate/prose/prose-tables.ts';
import { checkProseYears } from '../workers/validate/prose/prose-years.ts';
import { extractSample } from './fixtures/samples.ts';
import { SEED_001_PROSE } from './fixtures/seed-001-prose.ts';

/**
 * A page of running text: each line is its text and where it starts and ends (x), one line height apart.
 * `size` is the font size: nothing here may depend on it, on the margins or on where the page breaks.
 */
function page(n: number, lines: readonly (readonly [string, number, number])[], size = 12, top = 70): PageLayout {
  return {
    page: n, width: 595, height: 842, tables: [],
    lines: lines.map(([text, x0, x1], i) => ({ text, bbox: [x0, top + i * size * 1.2, x1, top + i * size * 1.2 + size] as [number, number, number, number], items: [] })),
  };
}

/** One sentence as the reader would give it, on p.3. */
const sentence = (text: string, paragraph = 0): ProseSentence => ({ text, paragraph, spans: [{ page: 3, bbox: [72, 100, 520, 112] }], figures: quotedFigures(text) });
const fails = (findings: Finding[]) => findings.filter((f) => f.status === 'fail');
const codes = (findings: Finding[]) => fails(findings).map((f) => f.code);

describe('quoted figures', () => {
  it('reads amounts in any unit and percentages with the words of their clause', () => {
    const figures = quotedFigures('本年收入合计2,946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；购置设备1000元，合计0.3亿元。');
    expect(figures.map((f) => [f.label, f.value, f.unit, f.decimals])).toEqual([
      ['本年收入合计', 2946.25, '万元', 2], ['财政拨款收入', 2940.05, '万元', 2], ['占', 99.79, '%', 2],
      ['其他收入', 6.2, '万元', 1], ['占', 0.21, '%', 2], ['购置设备', 1000, '元', 0], ['合计', 0.3, '亿元', 1],
    ]);
  });

  it('does not take a year, a date or a code for an amount', () => {
    expect(quotedFigures('截至2024年12月31日，201 06 01行政运行。')).toEqual([]);
  });
});

describe('the running text as sentences', () => {
  // The same paragraph three ways: lines wrapped at other widths, another font size, broken over a page.
  const text = ['上海市某局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少', '56.95万元，下降1.87%。主要原因：人员变化。'];
  const variants: [string, PageLayout[]][] = [
    ['wrapped at 520', [page(5, [['一、收入支出决算总体情况说明', 78, 300], [text[0]!, 72, 520], [text[1]!, 72, 330]])]],
    ['smaller type, wider measure', [page(5, [['一、收入支出决算总体情况说明', 60, 250], [text[0]!, 50, 560], [text[1]!, 50, 300]], 9)]],
    ['over a page break', [page(5, [['一、收入支出决算总体情况说明', 78, 300], [text[0]!, 72, 520]]), page(6, [[text[1]!, 72, 330]])]],
  ];
  for (const [what, pages] of variants) {
    it(`joins wrapped lines into one sentence and keeps where it is printed (${what})`, () => {
      const sentences = readProse(pages);
      const change = sentences.find((s) => s.text.startsWith('与2023年度相比'));
      expect(change?.text).toBe('与2023年度相比,收入支出总计减少56.95万元,下降1.87%。');
      expect(change?.figures.map((f) => f.label)).toEqual(['收入支出总计减少', '下降']);
      expect(change?.spans.length).toBeGreaterThanOrEqual(1);
      // The heading is a paragraph of its own: the amount's label does not run into it.
      expect(sentences.find((s) => s.text.includes('2995.39'))?.figures[0]?.label).toBe('上海市某局2024年度收入支出总计');
    });
  }

  it('reads unit, year and stage from a cover, on one line or wrapped', () => {
    expect(readSubject([page(1, [['上海市普陀区财政局2024年度部门决算', 150, 450]])])).toEqual({ department: '上海市普陀区财政局', fiscalYear: 2024, stage: 'final_accounts' });
    expect(readSubject([page(1, [['2026年', 250, 300], ['广州市统计局部门预算', 200, 400]])])).toEqual({ department: '广州市统计局', fiscalYear: 2026, stage: 'budget' });
    expect(readSubject([page(1, [['上海市普陀区2025年区级部门预算', 150, 450], ['预算主管部门：上海市普陀区财政局', 150, 450]])]))
      .toEqual({ department: '上海市普陀区财政局', fiscalYear: 2025, stage: 'budget' });
  });
});

describe('the prose\'s own arithmetic', () => {
  it('passes a change rate the rounded amounts allow and fails one they do not', () => {
    const ok = checkProseArithmetic([sentence('机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。')]);
    expect(ok.map((f) => [f.code, f.status])).toEqual([['I8.prose.change', 'pass']]);
    const wrong = checkProseArithmetic([sentence('一般行政管理事务支出3,666万元，与上年相比增加21.8万元，增长0.06%。')]);
    expect(codes(wrong)).toEqual(['I8.prose.change']);
    expect(fails(wrong)[0]).toMatchObject({ expected: '0.60%', printed: '0.06%', severity: 'warning' });
    expect(fails(wrong)[0]!.evidence[0]).toMatchObject({ field: 'prose', page: 3 });
  });

  it('takes the total from the sentence before when the change names it', () => {
    const found = checkProseArithmetic([sentence('某局2024年度收入支出总计2995.39万元。', 1), sentence('与2023年度相比，收入支出总计减少56.95万元，下降1.87%。', 1)]);
    expect(found.map((f) => f.status)).toEqual(['pass']);
  });

  it('measures a change from an amount of the year before when the sentence quotes that one', () => {
    const found = checkProseArithmetic([sentence('与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%。')], 2017);
    expect(found.map((f) => f.status)).toEqual(['pass']);
  });

  it('recomputes a rate given against an earlier figure quoted beside it', () => {
    const at = (text: string) => checkProseArithmetic([sentence(text)], 2023).map((f) => [f.code, f.status]);
    expect(at('2022年当年预算执行数为274.85万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%。')).toEqual([['I8.prose.change', 'pass']]);
    // The next line of the same document kept the rate of the line before.
    expect(at('2022年当年预算执行数为132.59万元，2023年预算安排220.63万元，比2022年预算执行数增加60.54%。')).toEqual([['I8.prose.change', 'fail']]);
    expect(at('2022年当年预算执行数为0万元，2023年预算安排60.13万元，比2022年预算执行数增加100.00%。')).toEqual([['I8.prose.zero-base', 'fail']]);
  });

  it('says a rise from nothing has no rate, and a change cannot go both ways', () => {
    expect(codes(checkProseArithmetic([sentence('职业年金缴费支出530.72万元，与上年相比增加530.72万元，增长100%。')]))).toEqual(['I8.prose.zero-base']);
    expect(codes(checkProseArithmetic([sentence('公用经费支出184.65万元，比上年增加2.55万元，下降1.40%。')]))).toEqual(['I8.prose.change']);
  });

  it('recomputes shares of the total before 其中 and completion rates', () => {
    const found = checkProseArithmetic([
      sentence('一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；卫生健康支出（类）60.99万元，占2.07%。'),
      sentence('一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。'),
    ]);
    expect(found.map((f) => [f.code, f.status, f.expected])).toEqual([
      ['I8.prose.share', 'fail', '71.65%'], ['I8.prose.share', 'pass', '2.07%'], ['I8.prose.completion', 'pass', '98.20%'],
    ]);
  });

  it('holds the verdict on budget against outcome to the two amounts', () => {
    const pair = sentence('年初预算为1560.05万元，支出决算为1511.89万元。', 4);
    expect(codes(checkProseArithmetic([pair, sentence('决算数大于预算数的主要原因：人员变化。', 4)]))).toEqual(['I8.prose.verdict']);
    expect(codes(checkProseArithmetic([pair, sentence('决算数小于预算数的主要原因：人员变化。', 4)]))).toEqual([]);
    // Another paragraph's verdict is about another pair.
    expect(checkProseArithmetic([pair, sentence('决算数大于预算数的主要原因：人员变化。', 5)])).toEqual([]);
  });
});

describe('the prose against the tables', () => {
  const subject: DocumentSubject = { department: '上海市某局', fiscalYear: 2024, stage: 'final_accounts' };
  const table = (title: string, unit: '万元' | '元', rows: DepartmentTable['rows'], columns: string[]): DepartmentTable => ({
    tableNo: '', title, unit, kind: 'other', stage: 'final_accounts', fiscalYear: 2024, department: subject.department,
    columns: columns.map((key) => ({ key, header: key === 'income' ? '收入/决算数' : key === 'expenditure' ? '支出/决算数' : key })),
    rows, source: { file: 'x.pdf', page: 7, pages: [7], documentId: 'd', ordinal: 1 },
  });
  const overview = (unit: '万元' | '元', total: number) => table('收入支出决算总表', unit, [
    { code: null, name: '本年收入合计', kind: 'total', cells: { income: unit === '元' ? 29462500 : 2946.25 } },
    { code: null, name: '总计', kind: 'total', cells: { income: total }, printed: { income: String(total) }, provenance: { income: { page: 7, bbox: [300, 500, 360, 512], source: 'text-layer', confidence: 1 } } },
    { code: null, name: '总计', kind: 'total', cells: { expenditure: total } },
  ], ['income', 'expenditure']);
  const functional = table('一般公共预算财政拨款支出决算表', '万元', [
    { code: null, name: '合计', kind: 'total', cells: { 合计: 2940.05, 基本支出: 2336.91 } },
    { code: '201', name: '一般公共服务支出', kind: 'item', cells: { 合计: 2106.66, 基本支出: 1503.52 } },
  ], ['合计', '基本支出']);

  it('finds a total the text misquotes, with the sentence and the cells', () => {
    const found = checkProseAgainstTables([sentence('上海市某局2024年度收入支出总计0万元。')], [overview('万元', 2995.39)], subject);
    expect(codes(found)).toEqual(['I8.prose.figure']);
    expect(fails(found)[0]!.message).toContain('2995.39');
    expect(fails(found)[0]!.evidence.map((e) => [e.field, e.page])).toEqual([['prose', 3], ['收入支出决算总表.rows[1].income', 7], ['收入支出决算总表.rows[2].expenditure', 7]]);
    expect(checkProseAgainstTables([sentence('上海市某局2024年度收入支出总计2995.39万元。')], [overview('万元', 2995.39)], subject).map((f) => f.status)).toEqual(['pass']);
  });

  it('compares across units: a table in 元 against prose in 万元, to the rounding of each', () => {
    const found = checkProseAgainstTables([sentence('本年收入合计2946.25万元。'), sentence('收入支出总计299.54万元。')], [overview('元', 2995390)], subject);
    expect(found.map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  it('names a column total through the scope the title gives (一般公共预算财政拨款 + 基本支出)', () => {
    const found = checkProseAgainstTables([sentence('一般公共预算财政拨款基本支出2336.91万元。'), sentence('一般公共预算财政拨款基本支出2336.19万元。')], [functional], subject);
    expect(found.map((f) => f.status)).toEqual(['pass', 'fail']);
  });

  it('leaves alone what no cell answers to: budgets in final accounts, changes, one 科目\'s own lines', () => {
    const found = checkProseAgainstTables([
      sentence('一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元。'),
      sentence('与2023年度相比，一般公共预算财政拨款支出减少63.14万元。'),
      sentence('1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1560.05万元，支出决算为1511.89万元。'),
    ], [functional], subject);
    expect(fails(found)).toEqual([]);
  });

  const byItem = table('一般公共预算财政拨款支出决算表', '万元', [
    { code: '208', name: '社会保障和就业支出', kind: 'item', cells: { 合计: 326.72 } },
    { code: '20805', name: '行政事业单位养老支出', kind: 'item', cells: { 合计: 326.72 } },
    { code: '2080501', name: '行政单位离退休', kind: 'item', cells: { 合计: 84.65 } },
    { code: '2080506', name: '机关事业单位职业年金缴费支出', kind: 'item', cells: { 合计: 80.38 } },
  ], ['合计']);

  it('holds each 科目 line to its 项: the name under its 类 and 款, and the amount in its row', () => {
    const found = checkProseAgainstTables([
      sentence('5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于：退休人员经费支出。', 5),
      sentence('年初预算为85.55万元，支出决算为84.65万元。', 5),
      sentence('7、社会保障和就业（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。', 6),
      sentence('年初预算为80.81万元，支出决算为80.83万元。', 6),
      // The 款's name before 2024 (行政事业单位离退休): the text names the 科目 otherwise than the tables.
      sentence('8.社会保障和就业（类）行政事业单位离退休（款）行政单位离退休（项）。', 7),
    ], [byItem], subject);
    expect(found.map((f) => [f.code, f.status, f.printed])).toEqual([
      ['I8.prose.figure', 'pass', null], ['I8.prose.figure', 'fail', '80.83万元'],
      ['I8.prose.name', 'fail', '社会保障和就业（类）行政事业单位离退休（款）行政单位离退休（项）'],
    ]);
    expect(fails(found)[1]!.expected).toBe('社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）');
  });

  it('finds a 类 the text names differently from the table that prints its amount', () => {
    const found = checkProseAgainstTables([sentence('其中：一般公共管理支出（类）2106.66万元。')], [functional], subject);
    expect(fails(found).map((f) => [f.code, f.printed, f.expected])).toEqual([['I8.prose.name', '一般公共管理支出', '一般公共服务支出']]);
  });
});

describe('years in the prose', () => {
  const subject: DocumentSubject = { department: '上海市某局', fiscalYear: 2024, stage: 'final_accounts' };
  it('finds the document named with another year and a balance date of another year-end', () => {
    const found = checkProseYears([
      sentence('第三部分上海市某局2023年度部门决算情况说明'),
      sentence('截至2023年12月31日，上海市某局共有车辆0辆。'),
      sentence('与2023年度部门决算相比，支出减少。'),
      sentence('纳入上海市某局2024年度部门决算编制范围的单位包括：'),
    ], subject);
    expect(found.map((f) => f.printed)).toEqual(['2023年度部门决算', '截至2023年12月31日']);
  });

  it('lets a budget date its assets in the year it is for', () => {
    expect(checkProseYears([sentence('截至2025年8月31日，本部门共有车辆3辆。')], { ...subject, fiscalYear: 2026, stage: 'budget' })).toEqual([]);
  });
});

describe('a checker\'s altered copy of a real 部门决算 (上海市普陀区财政局 2024)', () => {
  // The planted errors, read off the altered copy against the original by hand.
  it('finds every planted error in its 说明, each with its page and sentence', async () => {
    const doc = readDocument(await extractSample('real-putuo-2024-final-accounts-altered.pdf'));
    expect(doc.subject).toEqual({ department: '上海市普陀区财政局', fiscalYear: 2024, stage: 'final_accounts' });
    const found = fails(checkDocument(doc).findings);
    const of = (code: string) => found.filter((f) => f.code === code).map((f) => `p.${f.evidence[0]!.page} ${f.printed}`);
    expect(of('I8.prose.year')).toEqual(['p.18 2023年度部门决算', 'p.24 截至2023年12月31日']);
    expect(of('I8.prose.verdict')).toEqual(['p.19 决算数大于预算数', 'p.20 决算数大于预算数', 'p.21 决算数等于预算数']);
    expect(of('I8.prose.figure')).toEqual(['p.18 0万元']);
    // Printed so in the original too: 2106.66 of 2940.05 is 71.65 %, not 71.73 %.
    expect(of('I8.prose.share')).toEqual(['p.19 71.73%']);
    // The change that follows the misquoted total cannot hold either.
    expect(of('I8.prose.change')).toEqual(['p.18 1.87%']);
    expect(found).toHaveLength(8);
    // Tables take the document's unit and year from its cover.
    expect(new Set(doc.tables.map((t) => `${t.department} ${t.fiscalYear}`))).toEqual(new Set(['上海市普陀区财政局 2024']));
  }, 60_000);
});

describe('the prose findings in `jixiao report`', () => {
  const collect = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) });
    return { stream, text: () => chunks.join('') };
  };
  const finding = (code: string, page: number, quote: string): Finding => ({
    code, kind: 'check', status: 'fail', severity: 'error', message: `${code} failed`, expected: '2024年', printed: '2023年',
    evidence: [{ field: 'prose', page, bbox: [72, 100, 520, 112], printed: quote }],
  });
  const checks = [{
    documentId: 'd', file: 'juesuan.pdf', subject: { department: '上海市某局', fiscalYear: 2024, stage: 'final_accounts' as const }, prose: [],
    findings: [finding('I8.prose.year', 18, '第三部分上海市某局2023年度部门决算情况说明'), { ...finding('I8.prose.change', 19, '…'), status: 'pass' as const }],
  }];

  it('lists each failure once in CSV with the file, page, code, expected, printed and the quoted sentence', async () => {
    const csv = collect();
    await writeReport([], 'csv', {}, csv.stream, [], checks);
    const lines = csv.text().trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('上海市某局,2024,juesuan.pdf,18,,说明,check,I8.prose.year,error,I8.prose.year failed «第三部分上海市某局2023年度部门决算情况说明»,2024年,2023年,prose,18,');
  });

  it('gives the department-year its prose checks in JSON and Markdown, even with no form stored', async () => {
    const json = collect();
    await writeReport([], 'json', { fiscalYear: 2024 }, json.stream, [], checks);
    const [report] = DepartmentReport.array().parse(JSON.parse(json.text()));
    expect(report).toMatchObject({ department: '上海市某局', fiscalYear: 2024, forms: { total: 0 }, prose: { documents: 1, checks: [{ code: 'I8.prose.change', passed: 1, failed: 0 }, { code: 'I8.prose.year', passed: 0, failed: 1 }] } });
    expect(report!.prose.cases).toEqual([expect.objectContaining({ file: 'juesuan.pdf', page: 18, code: 'I8.prose.year', quote: '第三部分上海市某局2023年度部门决算情况说明' })]);
    const md = collect();
    await writeReport([], 'md', {}, md.stream, [], checks);
    expect(md.text()).toContain('## 上海市某局 — 2024');
    expect(md.text()).toContain('- juesuan.pdf p.18 **I8.prose.year** (error): I8.prose.year failed — «第三部分上海市某局2023年度部门决算情况说明»');
  });
});

describe('seed 001\'s 说明, whose printed errors the research notes list', () => {
  // One paragraph a line, split into sentences as the reader does.
  const sentences = SEED_001_PROSE.flatMap((line, paragraph) =>
    (line.match(/[^。！？]+[。！？]?/g) ?? []).map((text) => sentence(text.replace(/\s+/g, '').normalize('NFKC'), paragraph)));
  const found = checkProseArithmetic(sentences, 2023, 'budget');

  it('finds its three rounding errors: 132.80 %, 1.85 % and 16.00 %', () => {
    expect(fails(found).filter((f) => f.code !== 'I8.prose.zero-base').map((f) => [f.code, f.printed, f.expected])).toEqual([
      ['I8.prose.change', '132.80%', '132.78%'],
      ['I8.prose.share', '1.85%', '1.86%'],
      ['I8.prose.change', '16.00%', '16.01%'],
    ]);
  });

  it('finds its five rises of 100 % from a zero base', () => {
    const zero = fails(found).filter((f) => f.code === 'I8.prose.zero-base');
    expect(zero.map((f) => f.evidence[0]!.printed!.match(/增加([\d.]+)万元/)?.[1])).toEqual(['1912', '1115.26', '314.19', '55.40', '1760']);
  });

  it('passes every other rate it prints, 2901.97 % and 4738 % included', () => {
    const passed = found.filter((f) => f.status === 'pass');
    expect(passed.length).toBeGreaterThanOrEqual(25);
    expect(passed.map((f) => f.printed)).toEqual(expect.arrayContaining(['2901.97%', '4738%', '80.68%', '0%']));
  });
});
