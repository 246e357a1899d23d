import { describe, expect, it } from 'vitest';
import { columnKey, fiscalYearOf, FUNDS_COLUMNS, fundsLabel, INDICATOR_COLUMNS, splitLevelWeight, titleFormType } from '../workers/normalize/labels.ts';

describe('header and label recognition', () => {
  it.each([
    ['一级指标', 'level1'], ['二级 指标', 'level2'], ['三级指标', 'name'], ['年度指标值', 'target'], ['指标值', 'target'],
    ['实际完成值', 'actual'], ['分值', 'weight'], ['指标分值权重', 'weight'], ['得分', 'score'], ['偏差原因分析及改进措施', 'deviationReason'],
    ['指标值设置依据', 'extra'], ['指标赋分规则', 'extra'], ['佐证资料', 'extra'], ['上年完成值', 'lastYearValue'],
  ])('indicator column %j is %s', (header, key) => expect(columnKey(INDICATOR_COLUMNS, header)).toBe(key));

  it.each([
    ['年初预算数', 'initialBudget'], ['年中预算调整数', 'adjustment'], ['全年预算数', 'annualBudget'], ['全年执行数', 'executed'],
    ['全年执行', 'executed'], ['执行率', 'executionRate'], ['分值', 'weight'], ['得分', 'score'],
  ])('funds column %j is %s', (header, key) => expect(columnKey(FUNDS_COLUMNS, header)).toBe(key));

  it.each([
    ['其中：当年财政拨款', '当年财政拨款'], ['年度资金总 额', '年度资金总额'], ['年度预算总额：', '年度预算总额'], ['其他资金：', '其他资金'],
    ['上年结转资金', '上年结转资金'], ['预期目标', null],
  ])('funds row label %j → %j', (text, label) => expect(fundsLabel(text)).toBe(label));

  it.each([
    ['项目支出绩效自评表', 'project_self_evaluation'],
    ['2024 年度“田长制”公示牌和永久基本农田保护碑制作项目自评', 'project_self_evaluation'],
    ['2024 年度自然资源局部门整体绩效自评表', 'department_self_evaluation'],
    ['项 目 支 出 绩 效 目 标 表', 'project_performance_target'],
    ['第三部分 2023 年部门预算情况说明', null],
  ])('title %j names %s', (line, type) => expect(titleFormType(line)).toBe(type));

  it('reads the year a form is about, not the first year printed', () => {
    expect(fiscalYearOf(['项目支出绩效自评表', '(2021 年度)'])).toBe(2021);
    expect(fiscalYearOf(['2024 年度 2022 年地质灾害综合防治体系建设项目自评表'])).toBe(2024);
    expect(fiscalYearOf(['项 目 支 出 绩 效 目 标 表', '(2023 年)'])).toBe(2023);
    expect(fiscalYearOf(['项目支出绩效自评表'])).toBeNull();
  });

  it('splits a weight printed in the 一级 cell from its name', () => {
    expect(splitLevelWeight('产出指标 (50 分)')).toEqual({ name: '产出指标', weight: 50 });
    expect(splitLevelWeight('效益指标（30分）')).toEqual({ name: '效益指标', weight: 30 });
    expect(splitLevelWeight('满意度指标')).toEqual({ name: '满意度指标', weight: null });
  });
});
