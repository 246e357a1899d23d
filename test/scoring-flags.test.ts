import { describe, expect, it } from 'vitest';
import type { Finding, FormRecord } from '../schemas/index.ts';
import { FLAG_CODES, type FlagCode } from '../workers/validate/flags/flag-codes.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { unflaggedRecord } from './fixtures/flag-records.ts';
import { targetRecord, withIndicator } from './fixtures/validate-records.ts';

// The base of flags.test.ts with its 社会效益 row made qualitative, so no rule-based flag fires on it.
const clean = withIndicator(unflaggedRecord(), 2, { target: '有效提升', actual: '有效提升' });
const raisedFlags = (record: FormRecord): Finding[] => validateRecord(record).findings.filter((f) => f.kind === 'flag');
const ofCode = (record: FormRecord, code: FlagCode) => raisedFlags(record).filter((f) => f.code === code);

/** Exactly one finding of `code`, with its code's severity and the row's cells as evidence. */
function raised(record: FormRecord, code: FlagCode): Finding {
  const found = ofCode(record, code);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ code, kind: 'flag', status: 'fail', severity: FLAG_CODES[code].severity });
  return found[0]!;
}
/** Row 0 (产出/数量, 分值 30) rewritten; a reason on the row keeps DEDUCTION_WITHOUT_REASON out of the way. */
const row0 = (patch: Parameters<typeof withIndicator>[2]) => withIndicator(clean, 0, { deviationReason: '部分工作顺延', ...patch });
const cost = (patch: Parameters<typeof withIndicator>[2]) => row0({ level2: '成本指标', name: '项目成本（万元）', ...patch });

describe('the base form', () => {
  it('raises no flag at all', () => {
    expect(raisedFlags(clean)).toEqual([]);
  });
});

describe('flags from the official scoring rules', () => {
  it('TARGET_MET_POINTS_DEDUCTED: a met 正向 target that lost points', () => {
    const finding = raised(row0({ target: '≥100个', actual: '120个', score: 25 }), 'TARGET_MET_POINTS_DEDUCTED');
    expect(finding.expected).toBe('30');
    expect(finding.printed).toBe('25');
    expect(finding.evidence.map((e) => e.field)).toContain('indicators[0].score');
  });
  it('COST_UNDERSPENT_PENALISED, not TARGET_MET_POINTS_DEDUCTED, for a cost row within its ceiling', () => {
    const record = cost({ target: '≤50万元', actual: '40万元', score: 24 });
    raised(record, 'COST_UNDERSPENT_PENALISED');
    expect(ofCode(record, 'TARGET_MET_POINTS_DEDUCTED')).toEqual([]);
  });
  it('TARGET_MISSED_FULL_MARKS with the points the rule gives', () => {
    expect(raised(row0({ target: '≥100个', actual: '50个', score: 30 }), 'TARGET_MISSED_FULL_MARKS').expected).toBe('15');
  });
  it('SCORE_NOT_PROPORTIONAL beyond 1 point of weight × actual/target, not within it', () => {
    expect(raised(row0({ target: '≥100个', actual: '50个', score: 25 }), 'SCORE_NOT_PROPORTIONAL').expected).toBe('15');
    expect(ofCode(row0({ target: '≥100个', actual: '50个', score: 16 }), 'SCORE_NOT_PROPORTIONAL')).toEqual([]);
  });
  it('TARGET_MISSED_FULL_MARKS for spending past an = cost target, read as a ceiling (seed 003 form 8)', () => {
    expect(raised(cost({ target: '=9万元', actual: '41万元', score: 30 }), 'TARGET_MISSED_FULL_MARKS').expected).toBe('6.59');
    expect(ofCode(cost({ target: '=41万元', actual: '41万元', score: 30 }), 'TARGET_MISSED_FULL_MARKS')).toEqual([]);
  });
  it('DONE_WITHOUT_FIGURE at full marks, DONE_BUT_DEDUCTED below, neither on a satisfaction row', () => {
    raised(row0({ target: '≥100个', actual: '已完成', score: 30 }), 'DONE_WITHOUT_FIGURE');
    raised(row0({ target: '≥100个', actual: '已完成', score: 25 }), 'DONE_BUT_DEDUCTED');
    const satisfaction = withIndicator(clean, 3, { actual: '已完成' });
    expect(ofCode(satisfaction, 'DONE_WITHOUT_FIGURE')).toEqual([]);
    raised(satisfaction, 'SATISFACTION_NOT_MEASURED');
  });
  it('REVERSE_TARGET_ZERO_ACTUAL: a ceiling with nothing spent', () => {
    raised(cost({ target: '≤50万元', actual: '0万元', score: 0 }), 'REVERSE_TARGET_ZERO_ACTUAL');
  });
  it('DONE_BELOW_ACHIEVED_TIER: 已完成 on a qualitative row below 80% of its weight', () => {
    const row2 = (score: number) => withIndicator(clean, 2, { actual: '已完成', score, deviationReason: '效益未完全显现' });
    expect(raised(row2(20), 'DONE_BELOW_ACHIEVED_TIER').expected).toBe('24');
    expect(ofCode(row2(25), 'DONE_BELOW_ACHIEVED_TIER')).toEqual([]);
  });
});

describe('flags on the printed target and actual', () => {
  it('EXACT_TARGET_OVERSHOT: =1批次 → =2批次 at full marks, not when hit', () => {
    raised(row0({ target: '=1批次', actual: '=2批次' }), 'EXACT_TARGET_OVERSHOT');
    expect(ofCode(row0({ target: '=2批次', actual: '2批次' }), 'EXACT_TARGET_OVERSHOT')).toEqual([]);
  });
  it('UNMEASURABLE_TARGET: no figure in the target, a percentage as the result', () => {
    raised(withIndicator(clean, 2, { actual: '100%' }), 'UNMEASURABLE_TARGET');
  });
  it('ACTUAL_AT_THRESHOLD for a rate exactly on ≥90%, not for a count on ≥1个', () => {
    raised(withIndicator(clean, 3, { actual: '90%' }), 'ACTUAL_AT_THRESHOLD');
    expect(ofCode(row0({ target: '≥1个', actual: '1个' }), 'ACTUAL_AT_THRESHOLD')).toEqual([]);
  });
  it('UNIT_MISLABELLED: （元） in the name, 万元 in the values', () => {
    raised(cost({ name: '检测费用（元）', target: '<=100万元', actual: '100万元' }), 'UNIT_MISLABELLED');
    expect(ofCode(cost({ name: '检测费用（万元）', target: '<=100万元', actual: '100万元' }), 'UNIT_MISLABELLED')).toEqual([]);
  });
  it('COST_UNDERSPENT_FULL_MARKS: the rule\'s reading of an underspent ceiling', () => {
    raised(cost({ target: '≤50万元', actual: '40万元', score: 30 }), 'COST_UNDERSPENT_FULL_MARKS');
  });
  it('COST_ACTUALS_EXCEED_EXECUTED: cost rows claiming more than 全年执行数 (96.45)', () => {
    const finding = raised(cost({ target: '≤150万元', actual: '120万元', score: 30 }), 'COST_ACTUALS_EXCEED_EXECUTED');
    expect(finding).toMatchObject({ expected: '96.45', printed: '120' });
    expect(finding.evidence.map((e) => e.field)).toEqual(['funds.rows[0].executed', 'indicators[0].actual']);
    expect(ofCode(cost({ target: '≤150万元', actual: '90万元', score: 30 }), 'COST_ACTUALS_EXCEED_EXECUTED')).toEqual([]);
  });
  it('LAST_YEAR_VALUE_NOT_COMPARABLE on a target form: `50` against `<=10万元`, or one figure on two cost rows', () => {
    const form = (lastYearValue: string) => withIndicator(targetRecord(), 2, { name: '外业核实经费（万元）', target: '<=10万元', lastYearValue });
    expect(raised(form('50'), 'LAST_YEAR_VALUE_NOT_COMPARABLE').message).toContain('5× this year');
    expect(ofCode(form('8'), 'LAST_YEAR_VALUE_NOT_COMPARABLE')).toEqual([]);
    const twice = withIndicator(withIndicator(form('8'), 1, { level2: '成本指标', name: '内业核实经费（万元）', target: '<=9万元', lastYearValue: '8' }), 2, {});
    expect(ofCode(twice, 'LAST_YEAR_VALUE_NOT_COMPARABLE').map((f) => f.message)).toEqual([
      '内业核实经费（万元）: 上年完成值 "8" is the same figure on 2 cost rows',
      '外业核实经费（万元）: 上年完成值 "8" is the same figure on 2 cost rows',
    ]);
  });
  it('PAYMENT_AFTER_YEAR: money paid after the year the form is about', () => {
    const paid = (actual: string) => ({ ...clean, goals: { ...clean.goals, actual } });
    expect(raised(paid('该项目已于 2025 年 1 月完成支付。'), 'PAYMENT_AFTER_YEAR').evidence[0]!.field).toBe('goals.actual');
    expect(ofCode(paid('该项目已于 2024 年 12 月完成支付。'), 'PAYMENT_AFTER_YEAR')).toEqual([]);
  });
});
