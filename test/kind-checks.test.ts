import { describe, expect, it } from 'vitest';
import type { DepartmentTable, Finding } from '../schemas/index.ts';
import { checkDepartmentTable } from '../workers/validate/department/check-department-tables.ts';

function table(kind: DepartmentTable['kind'], title: string, columns: [string, string][], rows: [string, Record<string, number | null>][]): DepartmentTable {
  return {
    tableNo: '表1', title, kind, stage: 'budget', fiscalYear: 2018, department: '某局', unit: '万元',
    columns: columns.map(([key, header]) => ({ key, header })),
    rows: rows.map(([name, cells]) => ({ code: null, name, kind: /合计|总计/.test(name) ? 'total' : 'item', cells })),
    source: { file: 'x.pdf', page: 1, pages: [1], documentId: 'd', ordinal: 1 },
  };
}
const outcome = (findings: Finding[], code: string) => findings.filter((f) => f.code === code).map((f) => f.status);

describe('checks by what a table is, in any template', () => {
  it('balances a two-sided 收支总表 on its 总计 rows, below 本年收入合计', () => {
    const rows = (expenditure: number): [string, Record<string, number | null>][] => [
      ['一、一般公共预算财政拨款收入', { income: 2940.05 }], ['一、一般公共服务支出', { expenditure: 2940.05 }],
      ['本年收入合计', { income: 2940.05 }], ['本年支出合计', { expenditure: 2940.05 }],
      ['年初结转和结余', { income: 49.14 }], ['年末结转和结余', { expenditure: 55.34 }],
      ['总计', { income: 2989.19 }], ['总计', { expenditure }],
    ];
    const columns: [string, string][] = [['income', '收入/决算数'], ['expenditure', '支出/决算数']];
    expect(outcome(checkDepartmentTable(table('overview', '收入支出决算总表', columns, rows(2995.39))), 'I8.balance')).toEqual(['fail']);
    const balanced = checkDepartmentTable(table('overview', '收入支出决算总表', columns, rows(2989.19)));
    expect(outcome(balanced, 'I8.balance')).toEqual(['pass']);
    expect(balanced.find((f) => f.code === 'I8.balance')!.evidence.map((e) => e.field)).toEqual(['表1.rows[6].income', '表1.rows[7].expenditure']);
  });

  it('balances each 支出 side of a three-sided table whose totals are 合计 rows (Jiangsu)', () => {
    const t = table('overview', '收支预算总表', [['income', '收入/金额'], ['expenditure', '支出/功能分类/金额'], ['expenditure_6', '支出/支出用途/金额']], [
      ['一、一般公共预算拨款', { income: 100 }], ['一般公共服务支出', { expenditure: 100 }], ['基本支出', { expenditure_6: 60 }], ['项目支出', { expenditure_6: 40 }],
      ['收入合计', { income: 100 }], ['支出合计', { expenditure: 100 }], ['支出合计', { expenditure_6: 99 }],
    ]);
    expect(outcome(checkDepartmentTable(t), 'I8.balance')).toEqual(['pass', 'fail']);
  });

  it('holds each row\'s 合计 to its sources, leaving out 其中 columns and the parts of a 小计', () => {
    const columns: [string, string][] = [
      ['total', '合计'], ['fiscal', '财政拨款/小计'], ['general', '财政拨款/一般公共预算'], ['fund', '财政拨款/政府性基金'],
      ['business', '事业收入'], ['tuition', '其中：教育收费'], ['other', '其他收入'],
    ];
    const t = table('income', '收入预算总表', columns, [
      ['合计', { total: 130, fiscal: 100, general: 90, fund: 10, business: 20, tuition: 15, other: 10 }],
      ['行政运行', { total: 121, fiscal: 100, general: 90, fund: 10, business: 10, tuition: 5, other: 10 }],
    ]);
    const found = checkDepartmentTable(t).filter((f) => f.code === 'I8.row-total');
    expect(found.map((f) => f.status)).toEqual(['pass', 'fail']);
    expect(found[1]!.message).toContain('120');
  });

  it('leaves a table alone when its layout does not say which cells these are', () => {
    const t = table('income', '收入预算总表', [['c3', '金额']], [['收入总计', { c3: 100 }], ['一、一般公共预算拨款', { c3: 100 }]]);
    expect(checkDepartmentTable(t).map((f) => f.status)).toEqual(['skipped']);
  });

  it('holds a 三公 table together in each block of columns, with or without 会议费 and 培训费', () => {
    const jiangsu = table('three_public', '“三公”经费、会议费、培训费支出预算表', [
      ['total', '合计'], ['total_2', '“三公”经费/小计'], ['c3', '“三公”经费/因公出国(境)费'], ['total_4', '“三公”经费/公务用车购置及运行维护费/小计'],
      ['c5', '“三公”经费/公务用车购置及运行维护费/公务用车购置费'], ['c6', '“三公”经费/公务用车购置及运行维护费/公务用车运行维护费'], ['c7', '“三公”经费/公务接待费'], ['c8', '会议费'], ['c9', '培训费'],
    ], [['合计', { total: 1452.35, total_2: 584.35, c3: 110, total_4: 317.8, c5: 50, c6: 267.8, c7: 156.55, c8: 168, c9: 700 }]]);
    expect(outcome(checkDepartmentTable(jiangsu), 'I8.three-public')).toEqual(['pass', 'pass', 'pass']);
    // 预算数 | 决算数 blocks; the 决算 block's 用车 小计 typed wrong.
    const central = table('three_public', '一般公共预算财政拨款“三公”经费支出决算表', [
      ['total', '预算数/合计'], ['c2', '预算数/因公出国(境)费'], ['total_3', '预算数/公务用车购置及运行维护费/小计'], ['c4', '预算数/公务用车购置及运行维护费/公务用车购置费'],
      ['c5', '预算数/公务用车购置及运行维护费/公务用车运行维护费'], ['c6', '预算数/公务接待费'], ['total_7', '决算数/合计'], ['c8', '决算数/因公出国(境)费'],
      ['total_9', '决算数/公务用车购置及运行维护费/小计'], ['c10', '决算数/公务用车购置及运行维护费/公务用车购置费'], ['c11', '决算数/公务用车购置及运行维护费/公务用车运行维护费'], ['c12', '决算数/公务接待费'],
    ], [['', { total: 76.43, c2: 30, total_3: 40.63, c5: 40.63, c6: 5.8, total_7: 46.21, c8: 4.69, total_9: 41.61, c11: 40.61, c12: 0.9 }]]);
    const found = checkDepartmentTable(central).filter((f) => f.code === 'I8.three-public');
    expect(found.map((f) => f.status)).toEqual(['pass', 'pass', 'fail', 'fail']);
    expect(found.filter((f) => f.status === 'fail').map((f) => f.expected)).toEqual(['40.61', '47.20']);
  });
});
