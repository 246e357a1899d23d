import { describe, expect, it } from 'vitest';
import { Finding, type FormRecord } from '../schemas/index.ts';
import { flags } from '../workers/validate/flags.ts';
import { FLAG_CODES } from '../workers/validate/flags/flag-codes.ts';
import { unflaggedRecord, withFunds, zeroSpendFunds } from './fixtures/flag-records.ts';
import { targetRecord, withFundsRow, withIndicator } from './fixtures/validate-records.ts';

const allFlags = (record: FormRecord): Finding[] => flags.flatMap((rule) => rule(record));
const flagsOf = (record: FormRecord, code: string): Finding[] => allFlags(record).filter((finding) => finding.code === code);
const fields = (finding: Finding | undefined): string[] => finding?.evidence.map((cell) => cell.field) ?? [];

/** Exactly one finding of `code`, raised with the severity its code carries. */
function raised(record: FormRecord, code: keyof typeof FLAG_CODES): Finding {
  const found = flagsOf(record, code);
  expect(found).toHaveLength(1);
  const finding = found[0]!;
  expect(finding).toMatchObject({ code, kind: 'flag', status: 'fail', severity: FLAG_CODES[code].severity });
  return finding;
}

const base = unflaggedRecord();
const total = (patch: Parameters<typeof withFundsRow>[2]) => withFundsRow(base, 0, patch);

describe('the flag registry', () => {
  it('raises nothing on a clean form and reports no passes', () => {
    expect(allFlags(base)).toEqual([]);
  });
  it('gives every raised flag the schema shape, kind flag and status fail', () => {
    const messy = withIndicator(withFunds(base, zeroSpendFunds), 3, { actual: '105%', deviationReason: '5' });
    const found = allFlags(messy);
    expect(found.length).toBeGreaterThan(3);
    for (const finding of found) {
      expect(Finding.parse(finding)).toEqual(finding);
      expect(finding).toMatchObject({ kind: 'flag', status: 'fail' });
      expect(Object.keys(FLAG_CODES)).toContain(finding.code);
      expect(finding.evidence.length).toBeGreaterThan(0);
    }
  });
  it('never changes the record', () => {
    const record = withFunds(base, zeroSpendFunds);
    const copy = structuredClone(record);
    allFlags(record);
    expect(record).toEqual(copy);
  });
});

describe('FULL_MARKS_ZERO_SPEND', () => {
  it('fires when every 数量/质量/时效 row is at full marks and nothing was spent (seed 004 forms 3, 4, 8)', () => {
    const finding = raised(withFunds(base, zeroSpendFunds), 'FULL_MARKS_ZERO_SPEND');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual([
      'funds.rows[0].executed',
      'funds.rows[0].annualBudget',
      'funds.rows[0].executionRate',
      'indicators[0].score',
      'indicators[1].score',
    ]);
    expect(finding.message).toContain('all 2 数量/质量/时效 rows');
  });
  it('fires on a blank 全年执行数 with a printed 0%', () => {
    const finding = raised(withFundsRow(withFunds(base, zeroSpendFunds), 0, { executed: null }), 'FULL_MARKS_ZERO_SPEND');
    expect(finding.message).toContain('全年执行数 blank, 执行率 0%');
  });
  it('stays silent when an output lost points, or when 0% sits beside a positive 全年执行数 (I1 territory)', () => {
    const lost = withIndicator(withFunds(base, zeroSpendFunds), 1, { score: 15, deviationReason: '未验收' });
    expect(flagsOf(lost, 'FULL_MARKS_ZERO_SPEND')).toEqual([]);
    expect(flagsOf(total({ executionRate: 0 }), 'FULL_MARKS_ZERO_SPEND')).toEqual([]);
  });
});

describe('FULL_MARKS_BELOW_FULL_EXECUTION', () => {
  const allFull = withIndicator(base, 2, { score: 30, deviationReason: null });
  it('fires when execution < 100% and every indicator is at full marks (seed 003 forms 4, 10, 18, 20)', () => {
    const finding = raised(allFull, 'FULL_MARKS_BELOW_FULL_EXECUTION');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('96.45%');
    expect(fields(finding).slice(0, 3)).toEqual(['funds.rows[0].executed', 'funds.rows[0].annualBudget', 'funds.rows[0].executionRate']);
    expect(fields(finding)).toContain('indicators[3].score');
  });
  it('stays silent at 100% execution or when one row lost points', () => {
    expect(flagsOf(withFundsRow(allFull, 0, { executed: 100, executionRate: 1, score: 10 }), 'FULL_MARKS_BELOW_FULL_EXECUTION')).toEqual([]);
    expect(flagsOf(base, 'FULL_MARKS_BELOW_FULL_EXECUTION')).toEqual([]);
  });
});

describe('COMPLETION_CLAIMED_LOW_EXECUTION', () => {
  it('fires on 已完成全年预期目标 at 68.65% (seed 004 form 1)', () => {
    const finding = raised(total({ executed: 68.65, executionRate: 0.6865, score: 6.87 }), 'COMPLETION_CLAIMED_LOW_EXECUTION');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('68.65%');
    expect(fields(finding)[0]).toBe('goals.actual');
    expect(fields(finding)).toContain('funds.rows[0].executed');
  });
  it('reasons from the amounts, not a wrong printed 100% (seed 004 form 8)', () => {
    const finding = raised(total({ executed: 0, executionRate: 1, score: 10 }), 'COMPLETION_CLAIMED_LOW_EXECUTION');
    expect(finding.message).toContain('0%');
  });
  it('stays silent at ≥ 95% or on a partial claim (seed 004 form 23)', () => {
    expect(flagsOf(base, 'COMPLETION_CLAIMED_LOW_EXECUTION')).toEqual([]);
    const partial = { ...total({ executed: 0, executionRate: 0, score: 0 }), goals: { expected: base.goals.expected, actual: '已完成 3 个地块的评估。' } };
    expect(flagsOf(partial, 'COMPLETION_CLAIMED_LOW_EXECUTION')).toEqual([]);
    const pending = { ...partial, goals: { expected: null, actual: '项目尚未全部完成' } };
    expect(flagsOf(pending, 'COMPLETION_CLAIMED_LOW_EXECUTION')).toEqual([]);
  });
});

describe('EXECUTED_OVER_BUDGET and EXECUTION_RATE_OVER_100', () => {
  it('flags 全年执行数 above 全年预算数 once, with the rate as evidence, not twice', () => {
    const record = total({ executed: 110, executionRate: 1.1, score: 10 });
    const finding = raised(record, 'EXECUTED_OVER_BUDGET');
    expect(finding.severity).toBe('error');
    expect(fields(finding)).toEqual(['funds.rows[0].executed', 'funds.rows[0].annualBudget', 'funds.rows[0].executionRate']);
    expect(flagsOf(record, 'EXECUTION_RATE_OVER_100')).toEqual([]);
  });
  it('flags a printed rate above 100% when the amounts do not show it', () => {
    const finding = raised(total({ executionRate: 1.05 }), 'EXECUTION_RATE_OVER_100');
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding.message).toContain('105%');
    expect(fields(finding)[0]).toBe('funds.rows[0].executionRate');
  });
  it('allows an overspend within the amount tolerance', () => {
    expect(flagsOf(total({ executed: 100.05, executionRate: 1 }), 'EXECUTED_OVER_BUDGET')).toEqual([]);
  });
});

describe('PERCENT_OVER_100', () => {
  it('flags 满意度 =105% (seed 002#18)', () => {
    const finding = raised(withIndicator(base, 3, { actual: '=105%' }), 'PERCENT_OVER_100');
    expect(finding.severity).toBe('error');
    expect(fields(finding)).toEqual(['indicators[3].actual']);
    expect(finding.message).toContain('105%');
  });
  it('flags a 合格率 above 100% but not a growth rate', () => {
    raised(withIndicator(base, 1, { name: '验收合格率', actual: '100.5%' }), 'PERCENT_OVER_100');
    expect(flagsOf(withIndicator(base, 0, { name: '产值增长率', actual: '120%' }), 'PERCENT_OVER_100')).toEqual([]);
  });
});

describe('SATISFACTION_NOT_MEASURED', () => {
  it('flags 已完成 on a 满意度 row (seed 004: every form)', () => {
    const finding = raised(withIndicator(base, 3, { actual: '已完成', score: 8, deviationReason: '个别不满意' }), 'SATISFACTION_NOT_MEASURED');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual(['indicators[3].actual', 'indicators[3].target', 'indicators[3].score']);
    expect(finding.message).toContain('"已完成"');
  });
  it('flags a blank actual and 正在进行', () => {
    raised(withIndicator(base, 3, { actual: null }), 'SATISFACTION_NOT_MEASURED');
    raised(withIndicator(base, 3, { actual: '正在进行' }), 'SATISFACTION_NOT_MEASURED');
  });
  it('accepts a figure, and never looks at target forms', () => {
    expect(flagsOf(base, 'SATISFACTION_NOT_MEASURED')).toEqual([]);
    const target = targetRecord();
    expect(flagsOf(withIndicator(target, 3, { level1: '满意度指标', level2: '服务对象满意度指标' }), 'SATISFACTION_NOT_MEASURED')).toEqual([]);
  });
});

describe('DEDUCTION_WITHOUT_REASON and REASON_AT_FULL_MARKS', () => {
  const unexplained = withIndicator(base, 2, { deviationReason: null });
  it('flags points lost with no reason on the row nor at form level', () => {
    const finding = raised(unexplained, 'DEDUCTION_WITHOUT_REASON');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('28 of 30 (2 lost)');
    expect(fields(finding)).toEqual(['indicators[2].score', 'indicators[2].weight', 'indicators[2].deviationReason', 'notes.deviationAnalysis']);
  });
  it('counts a stray number as no reason (seed 004 form 26)', () => {
    raised(withIndicator(base, 2, { deviationReason: '5' }), 'DEDUCTION_WITHOUT_REASON');
  });
  it('accepts a form-level 偏差大或目标未完成原因分析 as the reason', () => {
    const explained = { ...unexplained, notes: { deviationAnalysis: '效益需长期显现', improvement: null } };
    expect(flagsOf(explained, 'DEDUCTION_WITHOUT_REASON')).toEqual([]);
  });
  it('notes a reason on a full-marks row as info (seed 003 forms 4, 20)', () => {
    const finding = raised(withIndicator(base, 0, { deviationReason: '贯彻落实过紧日子要求' }), 'REASON_AT_FULL_MARKS');
    expect(finding.severity).toBe('info');
    expect(fields(finding)).toEqual(['indicators[0].deviationReason', 'indicators[0].score', 'indicators[0].weight']);
  });
  it('does not count `/` or `无` as a reason', () => {
    expect(flagsOf(withIndicator(base, 0, { deviationReason: '无' }), 'REASON_AT_FULL_MARKS')).toEqual([]);
    expect(flagsOf(withIndicator(base, 0, { deviationReason: '/' }), 'REASON_AT_FULL_MARKS')).toEqual([]);
  });
});

describe('wrong-column flags', () => {
  it('AMOUNT_CELL_HOLDS_PERCENT: `100%` under 全年执行数 (seed 004 form 10)', () => {
    const finding = raised(total({ executed: null, executedRaw: '100%' }), 'AMOUNT_CELL_HOLDS_PERCENT');
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([{ field: 'funds.rows[0].executed', page: null, bbox: null, printed: '100%' }]);
  });
  it('AMOUNT_CELL_HOLDS_PERCENT reads `printed` beside a null too, and ignores a plain unread amount', () => {
    raised({ ...total({ executed: null }), printed: { 'funds.rows[0].executed': '96.45 %' } }, 'AMOUNT_CELL_HOLDS_PERCENT');
    expect(flagsOf(total({ executed: null, executedRaw: '96.4５' }), 'AMOUNT_CELL_HOLDS_PERCENT')).toEqual([]);
  });
  it('NUMERIC_DEVIATION_REASON: a stray `5` (seed 004 form 26)', () => {
    const finding = raised(withIndicator(base, 1, { deviationReason: '5' }), 'NUMERIC_DEVIATION_REASON');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)[0]).toBe('indicators[1].deviationReason');
    expect(flagsOf(withIndicator(base, 1, { deviationReason: '5月验收' }), 'NUMERIC_DEVIATION_REASON')).toEqual([]);
  });
  it('EXECUTION_ON_OTHER_FUND_ROW: budget all 其他资金, execution all 当年财政拨款 (seed 002#5)', () => {
    const switched = withFunds(base, [
      ['年度资金总额', { initialBudget: 8.9, annualBudget: 8.9, executed: 8.75, weight: 10, executionRate: 0.9831, score: 9.83 }],
      ['当年财政拨款', { executed: 8.75 }],
      ['其他资金', { initialBudget: 8.9, annualBudget: 8.9 }],
    ]);
    const finding = raised(switched, 'EXECUTION_ON_OTHER_FUND_ROW');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual(['funds.rows[2].annualBudget', 'funds.rows[1].executed']);
    expect(finding.message).toContain('其他资金 8.9');
  });
  it('EXECUTION_ON_OTHER_FUND_ROW falls back to 年初预算数 (seed 004 form 15) and ignores partial overlaps', () => {
    const moved = withFunds(base, [
      ['年度资金总额', { initialBudget: 209.89, executed: 209.89, weight: 10, executionRate: 1, score: 10 }],
      ['当年财政拨款', { initialBudget: 209.89 }],
      ['上年结转资金', { executed: 209.89, executionRate: 1 }],
    ]);
    expect(fields(raised(moved, 'EXECUTION_ON_OTHER_FUND_ROW'))).toEqual(['funds.rows[1].initialBudget', 'funds.rows[2].executed']);
    expect(flagsOf(base, 'EXECUTION_ON_OTHER_FUND_ROW')).toEqual([]);
  });
  it('EXECUTION_ON_OTHER_FUND_ROW reads zeros only where nothing was spent at all (seed 004 form 5)', () => {
    const zeros = withFunds(base, [
      ['年度资金总额', { initialBudget: 8.61, annualBudget: 8.61, executed: 0, weight: 10, executionRate: 0, score: 0 }],
      ['当年财政拨款', { initialBudget: 8.61, annualBudget: 8.61 }],
      ['上年结转资金', { executed: 0, executionRate: 0 }],
    ]);
    expect(fields(raised(zeros, 'EXECUTION_ON_OTHER_FUND_ROW'))).toEqual(['funds.rows[1].annualBudget', 'funds.rows[2].executed']);
    const elsewhere = withFunds(base, [
      ['年度资金总额', { annualBudget: 10, executed: 5, weight: 10, executionRate: 0.5, score: 5 }],
      ['当年财政拨款', { annualBudget: 10, executed: 0 }],
      ['其他资金', { executed: 5 }],
    ]);
    expect(fields(raised(elsewhere, 'EXECUTION_ON_OTHER_FUND_ROW'))).toEqual(['funds.rows[1].annualBudget', 'funds.rows[2].executed']);
  });
});

describe('copied text', () => {
  it('GOAL_ACTUAL_COPIES_EXPECTED: identical after NFKC and whitespace removal (seed 000)', () => {
    const copied = { ...base, goals: { expected: '完成 7 个县市调查（100%）', actual: '完成7个县市调查(100%)' } };
    const finding = raised(copied, 'GOAL_ACTUAL_COPIES_EXPECTED');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual(['goals.expected', 'goals.actual']);
    expect(flagsOf(base, 'GOAL_ACTUAL_COPIES_EXPECTED')).toEqual([]);
  });
  it('ACTUAL_COPIES_TARGET: `=1000吨 → =1000吨` (seed 003)', () => {
    const finding = raised(withIndicator(base, 0, { target: '=1000吨', actual: '= 1000吨' }), 'ACTUAL_COPIES_TARGET');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual(['indicators[0].actual', 'indicators[0].target']);
  });
  it('ACTUAL_COPIES_TARGET leaves a bare threshold value and an over-shot `=` alone', () => {
    expect(flagsOf(withIndicator(base, 0, { target: '≥95%', actual: '95%' }), 'ACTUAL_COPIES_TARGET')).toEqual([]);
    expect(flagsOf(withIndicator(base, 0, { target: '=1批次', actual: '=2批次' }), 'ACTUAL_COPIES_TARGET')).toEqual([]);
  });
  it('REASON_REPEATED: one reason on three rows (seed 003 forms 3, 5, 6, 11)', () => {
    const reason = '跨年项目，正在搭建';
    const pasted = [0, 1, 2].reduce((record, index) => withIndicator(record, index, { deviationReason: index === 1 ? ' 跨年项目，正在 搭建' : reason }), base);
    const finding = raised(pasted, 'REASON_REPEATED');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual(['indicators[0].deviationReason', 'indicators[1].deviationReason', 'indicators[2].deviationReason']);
    expect(finding.message).toContain('on 3 rows');
  });
  it('REASON_REPEATED needs three rows', () => {
    const twice = withIndicator(base, 0, { deviationReason: '部分效益需长期显现' });
    expect(flagsOf(twice, 'REASON_REPEATED')).toEqual([]);
  });
});

describe('BUDGET_CHANGED_IN_YEAR', () => {
  it('notes 年初 36.29 → 全年 50 as info (seed 003 form 3)', () => {
    const finding = raised(total({ initialBudget: 36.29, annualBudget: 50, executed: 48.2, executionRate: 0.964, score: 9.64 }), 'BUDGET_CHANGED_IN_YEAR');
    expect(finding.severity).toBe('info');
    expect(fields(finding)).toEqual(['funds.rows[0].initialBudget', 'funds.rows[0].annualBudget']);
    expect(finding.message).toContain('+13.71');
  });
  it('ignores rounding within the amount tolerance and a blank 年初预算数', () => {
    expect(flagsOf(total({ initialBudget: 100.05 }), 'BUDGET_CHANGED_IN_YEAR')).toEqual([]);
    expect(flagsOf(total({ initialBudget: null }), 'BUDGET_CHANGED_IN_YEAR')).toEqual([]);
  });
});

describe('TEMPLATE_PLACEHOLDER', () => {
  it('flags an `指标 1:` row (seed 004 form 10)', () => {
    const finding = raised(withIndicator(base, 2, { name: '指标 1：', target: null, actual: null, weight: null, score: null }), 'TEMPLATE_PLACEHOLDER');
    expect(finding.severity).toBe('warning');
    expect(fields(finding)).toEqual(['indicators[2].name']);
  });
  it('flags XXX in a goal and a row the extractor marked', () => {
    expect(fields(raised({ ...base, goals: { expected: '完成XXX项目', actual: '已完成' } }, 'TEMPLATE_PLACEHOLDER'))).toEqual(['goals.expected']);
    raised(withIndicator(base, 1, { extra: { placeholder: 'true' } }), 'TEMPLATE_PLACEHOLDER');
  });
  it('leaves names that merely contain 指标 alone', () => {
    expect(flagsOf(withIndicator(base, 0, { name: '新增水田指标1个' }), 'TEMPLATE_PLACEHOLDER')).toEqual([]);
  });
});

describe('GOAL_AMOUNT_CONTRADICTS_BUDGET', () => {
  const small = withFunds(base, [
    ['年度资金总额', { annualBudget: 30, executed: 30, weight: 10, executionRate: 1, score: 10 }],
    ['当年财政拨款', { annualBudget: 30, executed: 30 }],
  ]);
  it('flags 规划编制费用300万元 against a budget of 30 (seed 000 form 4)', () => {
    const record = { ...small, goals: { expected: '完成规划编制，规划编制费用300万元。', actual: '已完成' } };
    const finding = raised(record, 'GOAL_AMOUNT_CONTRADICTS_BUDGET');
    expect(finding.severity).toBe('warning');
    expect(finding).toMatchObject({ expected: '30万元', printed: '300万元' });
    expect(fields(finding)).toEqual(['goals.expected', 'funds.rows[0].annualBudget']);
  });
  it('leaves multi-year totals, amounts of the funds block and figures not about money alone (seed 004 form 1)', () => {
    const multiYear = { ...small, goals: { expected: '该项目总投资 397.56 万元，前期已支付 335.25 万元，剩余 30 万元未支付。', actual: '已完成' } };
    expect(flagsOf(multiYear, 'GOAL_AMOUNT_CONTRADICTS_BUDGET')).toEqual([]);
    const notMoney = { ...small, goals: { expected: '减少威胁财产300万元', actual: '已完成' } };
    expect(flagsOf(notMoney, 'GOAL_AMOUNT_CONTRADICTS_BUDGET')).toEqual([]);
  });
});
