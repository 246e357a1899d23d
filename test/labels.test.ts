import { describe, expect, it } from 'vitest';
import {
  columnKey, fiscalYearOf, FUNDS_COLUMNS, fundsLabel, INDICATOR_COLUMNS, isTotalLabel, splitLevels, splitLevelWeight, titleFormType, unitOf,
} from '../workers/normalize/labels.ts';

describe('header and label recognition', () => {
  it.each([
    ['一级指标', 'level1'], ['二级 指标', 'level2'], ['三级指标', 'name'], ['年度指标值', 'target'], ['指标值', 'target'],
    ['实际完成值', 'actual'], ['分值', 'weight'], ['指标分值权重', 'weight'], ['得分', 'score'], ['偏差原因分析及改进措施', 'deviationReason'],
    ['指标值设置依据', 'extra'], ['指标赋分规则', 'extra'], ['佐证资料', 'extra'], ['上年完成值', 'lastYearValue'],
    // Other templates' names for the same columns (Shanghai, Beijing, Xi'an, Ningde, OCR'd headers).
    ['年度(/项目)指标值', 'target'], ['年度（/项目）指标值', 'target'], ['本年绩效指标值', 'target'], ['实际 完成值', 'actual'],
    ['分 值', 'weight'], ['指标分值', 'weight'], ['分值权重（90分）', 'weight'], ['自评得分', 'score'], ['—级指标', 'level1'],
    ['绩效指标性质', 'extra'], ['绩效度量单位', 'extra'], ['度量单位', 'extra'], ['实施周期指标值', 'extra'], ['项目名称', null],
    ['全年指标值', 'target'], ['计划值', 'target'], ['自评分', 'score'], ['评分', 'score'], ['未完成原因分析', 'deviationReason'],
    ['评分标准', 'extra'],
  ])('indicator column %j is %s', (header, key) => expect(columnKey(INDICATOR_COLUMNS, header)).toBe(key));

  it.each([
    ['年初预算数', 'initialBudget'], ['年中预算调整数', 'adjustment'], ['全年预算数', 'annualBudget'], ['全年执行数', 'executed'],
    ['全年执行', 'executed'], ['执行率', 'executionRate'], ['分值', 'weight'], ['得分', 'score'],
    ['年初部门预算安排金额（含历年结余结转）①', 'initialBudget'], ['年中调整金额②', 'adjustment'], ['小计 ③ = ①+②', 'annualBudget'],
    ['年度拨付金额 ④', 'executed'], ['支出实现率(%) ⑤=④/③', 'executionRate'], ['本年度结余金额⑥=③-④', 'balance'],
    ['年度预算数', 'annualBudget'], ['年度执行数', 'executed'], ['预算执行率', 'executionRate'], ['资金结余率', 'balanceRate'],
  ])('funds column %j is %s', (header, key) => expect(columnKey(FUNDS_COLUMNS, header)).toBe(key));

  it.each([
    ['其中：当年财政拨款', '当年财政拨款'], ['年度资金总 额', '年度资金总额'], ['年度预算总额：', '年度预算总额'], ['其他资金：', '其他资金'],
    ['上年结转资金', '上年结转资金'], ['预期目标', null],
    ['年度资金申请总额', '年度资金申请总额'], ['其中：财政资金', '财政资金'], ['实施期资金总额：', '实施期资金总额'], ['项目总额', '项目总额'],
    ['预算支出总额', '预算支出总额'], ['金额合计', '金额合计'], ['财政资金小计', '财政资金小计'], ['①中央财政资金', '①中央财政资金'],
    ['其中：中央财政资金', '中央财政资金'], ['年度金额：', '年度金额'], ['合计', '合计'], ['基本支出', null], ['一般公共服务支出', null],
  ])('funds row label %j → %j', (text, label) => expect(fundsLabel(text)).toBe(label));

  it.each([
    ['项目支出绩效自评表', 'project_self_evaluation'],
    ['2024 年度“田长制”公示牌和永久基本农田保护碑制作项目自评', 'project_self_evaluation'],
    ['2024 年度自然资源局部门整体绩效自评表', 'department_self_evaluation'],
    ['项 目 支 出 绩 效 目 标 表', 'project_performance_target'],
    ['第三部分 2023 年部门预算情况说明', null],
    ['财政项目支出绩效目标填报表', 'project_performance_target'],
    ['预算12表 项目支出绩效目标表', 'project_performance_target'],
    ['项目支出绩效目标明细表', 'project_performance_target'],
    ['预算13表 部门整体支出绩效目标表', 'department_performance_target'],
    ['部门整体预算绩效目标申报表', 'department_performance_target'],
    ['部门整体绩效自评表', 'department_self_evaluation'],
    ['信息化运行维护项目绩效自评表', 'project_self_evaluation'],
    ['收支预算总表', null],
    ['部门整体支出绩效评价报告', null],
  ])('title %j names %s', (line, type) => expect(titleFormType(line)).toBe(type));

  it('reads the year a form is about, not the first year printed', () => {
    expect(fiscalYearOf(['项目支出绩效自评表', '(2021 年度)'])).toBe(2021);
    expect(fiscalYearOf(['2024 年度 2022 年地质灾害综合防治体系建设项目自评表'])).toBe(2024);
    expect(fiscalYearOf(['项 目 支 出 绩 效 目 标 表', '(2023 年)'])).toBe(2023);
    expect(fiscalYearOf(['项目支出绩效自评表'])).toBeNull();
  });

  it('splits level 1, level 2 and the name printed run together in one 绩效指标 cell', () => {
    expect(splitLevels('产出指标数量指标财政评审项目数量')).toEqual({ level1: '产出指标', level2: '数量指标', name: '财政评审项目数量' });
    expect(splitLevels('效益指标社会效益指标提高财政资金使用效益')).toEqual({ level1: '效益指标', level2: '社会效益指标', name: '提高财政资金使用效益' });
    expect(splitLevels('满意度指标服务对象满意度指标学员满意度')).toEqual({ level1: '满意度指标', level2: '服务对象满意度指标', name: '学员满意度' });
    expect(splitLevels('财政评审项目数量')).toBeNull();
  });

  it('knows the total row and the unit line in their printed variants', () => {
    expect(['总分', '总 分', '总分值、评价总分 (S)', '合计得分'].map(isTotalLabel)).toEqual([true, true, true, true]);
    expect(['满意度指标', '总分值指标说明很长的一行文字不是总分行'].map(isTotalLabel)).toEqual([false, false]);
    expect(['金额单位：万元', '单位:元', '单位：万元', '说明'].map(unitOf)).toEqual(['万元', '元', '万元', null]);
  });

  it('splits a weight printed in the 一级 cell from its name', () => {
    expect(splitLevelWeight('产出指标 (50 分)')).toEqual({ name: '产出指标', weight: 50 });
    expect(splitLevelWeight('效益指标（30分）')).toEqual({ name: '效益指标', weight: 30 });
    expect(splitLevelWeight('满意度指标')).toEqual({ name: '满意度指标', weight: null });
  });
});
