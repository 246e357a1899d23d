import { describe, expect, it } from 'vitest';
import type { CheckedTable, DepartmentTable, DocumentFindings, ProseSentence } from '../schemas/index.ts';
import { quotedFigures } from '../workers/normalize/prose/quoted-figures.ts';
import { departmentReports } from '../services/report/department-report.ts';
import { checkAcrossDocuments } from '../workers/validate/across/check-across.ts';
import { sameDepartment } from '../workers/validate/across/same-department.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { targetRecord } from './fixtures/validate-records.ts';

const sentence = (text: string, paragraph = 0): ProseSentence => ({ text, paragraph, spans: [{ page: 9, bbox: [72, 100, 520, 112] }], figures: quotedFigures(text) });

function table(documentId: string, file: string, department: string, overrides: Partial<DepartmentTable> = {}): CheckedTable {
  return {
    table: {
      tableNo: '公开01表', title: '收支预算总表', kind: 'overview', stage: 'budget', fiscalYear: 2018, department, unit: '万元',
      columns: [{ key: 'income', header: '收入/金额' }, { key: 'expenditure', header: '支出/金额' }],
      rows: [
        { code: null, name: '收入总计', kind: 'total', cells: { income: 10150.48 }, printed: { income: '10,150.48' } },
        { code: null, name: '支出总计', kind: 'total', cells: { expenditure: 10150.48 }, printed: { expenditure: '10,150.48' } },
      ],
      source: { file, page: 1, pages: [1], documentId, ordinal: 1 },
      ...overrides,
    },
    findings: [],
  };
}

const prose = (documentId: string, file: string, department: string, sentences: ProseSentence[], stage: 'budget' | 'final_accounts' = 'budget', fiscalYear = 2018): DocumentFindings =>
  ({ documentId, file, subject: { department, fiscalYear, stage }, findings: [], prose: sentences });

describe('one unit across its documents', () => {
  it('knows a unit by its short and long names, not another unit', () => {
    expect(sameDepartment('江苏省委办公厅', '中国共产党江苏省委员会办公厅')).toBe(true);
    expect(sameDepartment('江苏省委办公厅', '中共江苏省委办公厅')).toBe(true);
    expect(sameDepartment('上海市普陀区财政局本级', '上海市普陀区财政局')).toBe(true);
    expect(sameDepartment('[292]国家信访局', '国家信访局')).toBe(true);
    expect(sameDepartment('江苏省政协办公厅', '江苏省人大常委会办公厅')).toBe(false);
    expect(sameDepartment(null, '江苏省政协办公厅')).toBe(false);
  });

  it('holds a 说明 published without tables against the unit\'s 公开表 of the same year', () => {
    const found = checkAcrossDocuments([], [table('t', 'tables.pdf', '中共江苏省委办公厅')], [
      prose('s', 'text.pdf', '江苏省委办公厅', [sentence('2018年收入预算总计10150.48万元。'), sentence('2018年支出预算总计10105.48万元。')]),
    ]);
    expect(found.map((a) => [a.file, a.finding.code, a.finding.status])).toEqual([['text.pdf', 'I8.prose.figure', 'pass'], ['text.pdf', 'I8.prose.figure', 'fail']]);
    expect(found[1]!.finding.message).toContain('(tables of tables.pdf)');
    expect(found[1]!.finding.evidence.map((e) => [e.page, e.form?.file])).toEqual([[9, undefined], [1, 'tables.pdf']]);
    // Another year's tables, or another unit's, say nothing of it.
    expect(checkAcrossDocuments([], [table('t', 'tables.pdf', '中共江苏省委办公厅', { fiscalYear: 2017 })], [prose('s', 'text.pdf', '江苏省委办公厅', [sentence('2018年支出预算总计10105.48万元。')])])).toEqual([]);
    expect(checkAcrossDocuments([], [table('t', 'tables.pdf', '江苏省政协办公厅')], [prose('s', 'text.pdf', '江苏省委办公厅', [sentence('2018年支出预算总计10105.48万元。')])])).toEqual([]);
  });

  it('holds each project form\'s budget to the 项目支出 line of the same project, in any unit', () => {
    const projects = table('t', 'tables.pdf', '某局', {
      title: '项目支出预算表', kind: 'project_expenditure', unit: '元',
      columns: [{ key: 'total', header: '合计' }],
      rows: [
        { code: '2010601', name: '行政运行', projectName: '“智慧财政”信息化运维项目', kind: 'item', cells: { total: 300000 }, printed: { total: '300,000.00' } },
        { code: '2010602', name: '一般行政管理事务', projectName: '2018年度财政业务培训', kind: 'item', cells: { total: 125000 }, printed: { total: '125,000.00' } },
      ],
    });
    const form = (ordinal: number, projectName: string, budget: number) => validateRecord(targetRecord({
      fiscalYear: 2018, department: '某局', projectName,
      source: { file: 'forms.pdf', page: ordinal, pages: [ordinal], documentId: 'f', ordinal },
      funds: { unit: '万元', rows: [{ label: '年度预算总额', initialBudget: null, adjustment: null, annualBudget: budget, executed: null, weight: null, executionRate: null, score: null }] },
    }));
    const found = checkAcrossDocuments([form(1, '智慧财政信息化运维项目', 30), form(2, '财政业务培训', 13.5), form(3, '结转的项目', 8)], [projects], []);
    expect(found.map((a) => [a.finding.code, a.finding.status, a.finding.printed])).toEqual([['X.project-budget', 'pass', '30'], ['X.project-budget', 'fail', '13.5']]);
    expect(found[1]!.finding.evidence[0]).toMatchObject({ field: 'funds.rows[0].annualBudget', form: { file: 'forms.pdf', ordinal: 2 } });
    expect(found[1]!.finding.expected).toBe('125,000.00');
  });

  it('holds the 年初预算 a final account quotes for a 科目 to the budget published for that year', () => {
    const budget = table('b', 'budget.pdf', '某局', {
      title: '一般公共预算支出功能分类预算表', kind: 'general_public_functional', fiscalYear: 2024, unit: '元',
      columns: [{ key: 'total', header: '合计' }],
      rows: [
        { code: '201', name: '一般公共服务支出', kind: 'item', cells: { total: 16200500 } },
        { code: '20106', name: '财政事务', kind: 'item', cells: { total: 16200500 } },
        { code: '2010601', name: '行政运行', kind: 'item', cells: { total: 15600500 } },
        { code: '2010602', name: '一般行政管理事务', kind: 'item', cells: { total: 600000 } },
      ],
    });
    const final = prose('a', 'final.pdf', '某局', [
      sentence('1、一般公共服务支出（类）财政事务（款）行政运行（项）。', 3), sentence('年初预算为1560.05万元，支出决算为1511.89万元。', 3),
      sentence('2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。', 4), sentence('年初预算为10.00万元，支出决算为10.00万元。', 4),
    ], 'final_accounts', 2024);
    const found = checkAcrossDocuments([], [budget], [final]);
    expect(found.map((a) => [a.finding.code, a.finding.status, a.finding.printed])).toEqual([['X.budget-final', 'pass', null], ['X.budget-final', 'fail', '10.00万元']]);
    expect(found[1]!.finding.expected).toBe('600000');
  });

  it('reports them under the unit and year, with the quoted sentence', () => {
    const [report] = departmentReports([], {}, {
      tables: [table('t', 'tables.pdf', '中共江苏省委办公厅')],
      checks: [prose('s', 'text.pdf', '江苏省委办公厅', [sentence('2018年支出预算总计10105.48万元。')])],
    });
    expect(report!.across.checks).toEqual([{ code: 'I8.prose.figure', passed: 0, failed: 1, skipped: 0 }]);
    expect(report!.across.cases[0]).toMatchObject({ file: 'text.pdf', page: 9, code: 'I8.prose.figure', quote: '2018年支出预算总计10105.48万元。' });
  });
});
