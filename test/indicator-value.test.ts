import { describe, expect, it } from 'vitest';
import { isCostIndicator } from '../workers/validate/score/is-cost-indicator.ts';
import {
  normalizeValueText,
  parseIndicatorValue,
  type Comparator,
  type IndicatorValue,
  type NumericValue,
} from '../workers/validate/score/parse-indicator-value.ts';
import { sameUnit } from '../workers/validate/score/same-unit.ts';
import { indicator } from './fixtures/validate-records.ts';

type Extras = { approximate?: boolean; label?: string };

const num = (text: string, comparator: Comparator | null, value: string, unit: string | null, extras: Extras = {}): NumericValue => ({
  kind: 'numeric',
  text,
  comparator,
  value,
  unit,
  approximate: extras.approximate ?? false,
  label: extras.label ?? null,
});
const date = (text: string, year: number, month: number | null, day: number | null, before: boolean): IndicatorValue => ({
  kind: 'date',
  text,
  year,
  month,
  day,
  before,
});
const period = (text: string, from: [number | null, number | null], to: [number | null, number | null]): IndicatorValue => ({
  kind: 'period',
  text,
  from: { year: from[0], month: from[1] },
  to: { year: to[0], month: to[1] },
});
const status = (text: string, value: 'done' | 'not-done' | 'in-progress'): IndicatorValue => ({ kind: 'status', text, status: value });
const qualitative = (text: string): IndicatorValue => ({ kind: 'qualitative', text });
const empty = (text: string): IndicatorValue => ({ kind: 'empty', text });
const unparsed = (text: string): IndicatorValue => ({ kind: 'unparsed', text });

/**
 * Cells copied from the seeds and gold records (source in the comment), with their expected reading.
 * Seeds: 002 = Urumqi 2024 OCR, 003 = Xinjiang 2021 Word tables, 004 = Shaanxi 2024 (LaTeX, wraps).
 */
const REAL: ReadonlyArray<[string, IndicatorValue]> = [
  // comparators, as ASCII, as symbols, as LaTeX
  ['>=95%', num('>=95%', 'ge', '95', '%')], // 003
  ['≥95%', num('≥95%', 'ge', '95', '%')], // 004
  ['\\geq 90%', num('\\geq 90%', 'ge', '90', '%')], // 004
  ['$\\geq 98\\%$', num('$\\geq 98\\%$', 'ge', '98', '%')], // 004 goal text
  ['\\geq 122.16 亩', num('\\geq 122.16 亩', 'ge', '122.16', '亩')], // 004
  ['≤30 万元', num('≤30 万元', 'le', '30', '万元')], // 004 gold
  ['<=36.29万元', num('<=36.29万元', 'le', '36.29', '万元')], // 003 form 3
  ['\\leq 62.31 万元', num('\\leq 62.31 万元', 'le', '62.31', '万元')], // 004 form 1
  ['≥ 20 万元', num('≥ 20 万元', 'ge', '20', '万元')], // 004 form 24 (a cost target written ≥)
  ['<=0.50万元', num('<=0.50万元', 'le', '0.5', '万元')], // 001 gold
  ['=1000吨', num('=1000吨', 'eq', '1000', '吨')], // 003
  ['=1批次', num('=1批次', 'eq', '1', '批次')], // 003
  ['>=50万吨标准煤', num('>=50万吨标准煤', 'ge', '50', '万吨标准煤')], // 003
  ['<=12 个月', num('<=12 个月', 'le', '12', '个月')], // 002#13
  ['<=10%', num('<=10%', 'le', '10', '%')], // 002#41
  ['=9.46%', num('=9.46%', 'eq', '9.46', '%')], // 002#41
  ['=105%', num('=105%', 'eq', '105', '%')], // 002#18
  // bare numbers: no direction
  ['100%', num('100%', null, '100', '%')], // 004 gold
  ['99.50%', num('99.50%', null, '99.5', '%')], // 003 gold
  ['45 个地块', num('45 个地块', null, '45', '个地块')], // 004 gold
  ['36', num('36', null, '36', null)], // 004 gold
  ['0', num('0', null, '0', null)], // 004 gold (cost actual 0)
  ['3470112', num('3470112', null, '3470112', null)], // 004 department form, 元
  ['≤10.845', num('≤10.845', 'le', '10.845', null)], // 004 gold
  ['3 年', num('3 年', null, '3', '年')], // 004 gold: a duration, numeric
  ['≥3年', num('≥3年', 'ge', '3', '年')], // 004 gold
  ['三年', num('三年', null, '3', '年')], // 004 gold
  ['面积约 2100 亩', num('面积约 2100 亩', null, '2100', '亩', { approximate: true, label: '面积' })], // 004 gold
  ['≤209.891735 万', num('≤209.891735 万', 'le', '209.891735', '万元')], // 004 gold: `万` clipped from 万元
  // unit prices and spaced units
  ['\\leq 3.8 万元/亩', num('\\leq 3.8 万元/亩', 'le', '3.8', '万元/亩')], // 004
  ['=10 元/本', num('=10 元/本', 'eq', '10', '元/本')], // 002
  ['=3000 元/ 件', num('=3000 元/ 件', 'eq', '3000', '元/件')], // 002
  ['4980 元/人', num('4980 元/人', null, '4980', '元/人')], // 004 gold
  ['>=1 周/次', num('>=1 周/次', 'ge', '1', '周/次')], // 002#36
  ['=1 周/次', num('=1 周/次', 'eq', '1', '周/次')], // 002#36
  ['>=3800 平 方千米', num('>=3800 平 方千米', 'ge', '3800', '平方千米')], // 002 (in-cell wrap)
  ['每百公斤 0.3 万元', num('每百公斤 0.3 万元', null, '0.3', '万元/百公斤')], // 004 form 26
  ['65.5km ²', num('65.5km ²', null, '65.5', 'km^2')], // 004 (superscript split off)
  // OCR-spaced decimals (002)
  ['14. 88', num('14. 88', null, '14.88', null)],
  ['=98. 02%', num('=98. 02%', 'eq', '98.02', '%')],
  ['=656. 25 平 方公里', num('=656. 25 平 方公里', 'eq', '656.25', '平方公里')],
  // compound values
  ['53 宗、 1290 亩', { kind: 'compound', text: '53 宗、 1290 亩', parts: [num('53宗', null, '53', '宗'), num('1290亩', null, '1290', '亩')] }], // 004 gold
  // numbers a wrap broke (004): never joined without a cross-check
  ['\\leq 209.891 735 万', unparsed('\\leq 209.891 735 万')],
  ['\\leq 130.1351 89 万元', unparsed('\\leq 130.1351 89 万元')],
  ['亩/5.98 万', unparsed('亩/5.98 万')], // 004 form 26
  // dates and periods
  ['2024 年 12 月底', date('2024 年 12 月底', 2024, 12, null, true)], // 004 gold
  ['2024年5月', date('2024年5月', 2024, 5, null, false)], // 004 form 40
  ['2024 年 3 月 31 日前', date('2024 年 3 月 31 日前', 2024, 3, 31, true)], // 004 form 15
  ['2023 年 6 月 30 日', date('2023 年 6 月 30 日', 2023, 6, 30, false)], // 004 gold
  ['2024 年 12 月前完成', date('2024 年 12 月前完成', 2024, 12, null, true)], // 004 gold
  ['2024 年底', date('2024 年底', 2024, null, null, true)], // 004 gold
  ['2024 年度', date('2024 年度', 2024, null, null, false)], // 004 gold
  ['2024年12日', date('2024年12日', 2024, null, 12, false)], // 004 gold, as printed (a typo for 12月)
  ['2021年12月31日', date('2021年12月31日', 2021, 12, 31, false)], // 003 gold
  ['2021-2023年', period('2021-2023年', [2021, null], [2023, null])], // 004 gold
  ['2021年-2022年', period('2021年-2022年', [2021, null], [2022, null])], // 003 gold
  ['2022 年至 2023 年两年', period('2022 年至 2023 年两年', [2022, null], [2023, null])], // 004 gold
  ['2024年度1年', period('2024年度1年', [2024, null], [2024, null])], // 004 gold
  ['2024 年一年', period('2024 年一年', [2024, null], [2024, null])], // 004 gold
  ['2021年1月-12月', period('2021年1月-12月', [2021, 1], [2021, 12])], // 003 gold
  ['2021年1月-2021年12月', period('2021年1月-2021年12月', [2021, 1], [2021, 12])], // 003 gold
  ['1-12月', period('1-12月', [null, 1], [null, 12])], // 003 gold
  // statuses
  ['已完成', status('已完成', 'done')],
  ['是', status('是', 'done')], // 004 gold
  ['未完成', status('未完成', 'not-done')],
  ['正在进行', status('正在进行', 'in-progress')],
  ['正在实施中', status('正在实施中', 'in-progress')],
  ['正在进 行中', status('正在进 行中', 'in-progress')], // 004 (in-cell wrap)
  ['初步成果已完成', status('初步成果已完成', 'in-progress')], // 004
  ['已完成初步成果，正在验收中。', status('已完成初步成果，正在验收中。', 'in-progress')], // 004
  // words only
  ['有效提升', qualitative('有效提升')],
  ['长期', qualitative('长期')],
  ['有效保障', qualitative('有效保障')],
  ['相关制度规定时间', qualitative('相关制度规定时间')], // 004 gold
  ['符合标准', qualitative('符合标准')], // 004 gold
  // not used
  ['/', empty('/')], // 000
  ['—', empty('—')], // 004 sub-rows
];

/** Forms named in domain.md §3 or the brief that the five seeds happen not to print. */
const VARIANTS: ReadonlyArray<[string | null, IndicatorValue]> = [
  ['≥ 95%', num('≥ 95%', 'ge', '95', '%')],
  ['＞＝９５％', num('＞＝９５％', 'ge', '95', '%')],
  ['≤ 3 0 万元', unparsed('≤ 3 0 万元')],
  ['约 20 个', num('约 20 个', null, '20', '个', { approximate: true })],
  ['20个左右', num('20个左右', null, '20', '个', { approximate: true })],
  ['不低于90%', num('不低于90%', 'ge', '90', '%')],
  ['90%以上', num('90%以上', 'ge', '90', '%')],
  ['1-3个', { kind: 'range', text: '1-3个', low: '1', high: '3', unit: '个' }],
  ['90%-95%', { kind: 'range', text: '90%-95%', low: '90', high: '95', unit: '%' }],
  ['1周/次', num('1周/次', null, '1', '周/次')],
  ['16, 291', num('16, 291', null, '16291', null)],
  ['―', empty('―')],
  ['', empty('')],
  [null, empty('')],
  ['十分满意', qualitative('十分满意')],
  ['100%合格', num('100%合格', null, '100', '%')],
  ['95%以上（含）', num('95%以上（含）', 'ge', '95', '%')],
  ['≥95%（抽样）', num('≥95%（抽样）', 'ge', '95', '%')],
  ['1,000,000元', num('1,000,000元', null, '1000000', '元')],
];

describe('parseIndicatorValue on printed cells from the seeds', () => {
  it.each(REAL)('%s', (text, expected) => {
    expect(parseIndicatorValue(text)).toEqual(expected);
  });
});

describe('parseIndicatorValue on other printed variants', () => {
  it.each(VARIANTS)('%s', (text, expected) => {
    expect(parseIndicatorValue(text)).toEqual(expected);
  });

  it('never throws on OCR junk, and keeps it as printed', () => {
    const junk = ['^{}', '元=3.39', '我是一个人,我是一个人', '१२', '<b></b>', '≥≥≥', '..', '\\geq', '3/17'];
    for (const text of junk) expect(parseIndicatorValue(text).text).toBe(text);
    expect(parseIndicatorValue('3/17').kind).toBe('unparsed');
    expect(parseIndicatorValue('<b></b>').kind).toBe('empty');
  });
});

describe('normalizeValueText', () => {
  it('compacts what only spacing and width separate', () => {
    expect(normalizeValueText('=1 周/次')).toBe(normalizeValueText('=1周/次'));
    expect(normalizeValueText('＝１０００吨')).toBe('=1000吨');
    expect(normalizeValueText(null)).toBe('');
  });
});

describe('sameUnit', () => {
  it.each([
    ['万元', '万元', true],
    ['元', '元/人', true], // seed 004 (f): ≤4980 元 against 4980 元/人
    ['万元/亩', '万元', false], // a unit price is not a total
    ['万元', '元', false], // scale is not converted
    ['平方千米', '平方公里', true],
    ['km^2', '平方公里', true],
    ['个', '个地块', true],
    ['亩', '公顷', false],
    ['%', null, false], // 95 against 95%: fraction or percent, not guessed
    [null, '%', false],
    [null, '个', true], // `≥91 个` against `91`
    [null, null, true],
  ] as const)('%s vs %s → %s', (a, b, expected) => {
    expect(sameUnit(a, b)).toBe(expected);
  });
});

describe('isCostIndicator', () => {
  it('takes 成本 in 一级 or 二级', () => {
    expect(isCostIndicator(indicator({ level1: '产出指标', level2: '成本指标', name: '项目预算成本' }))).toBe(true);
    expect(isCostIndicator(indicator({ level1: '成本指标', level2: '经济成本指标', name: '设备购置' }))).toBe(true);
  });
  it('takes a 成本/费用 name only with money in the target or actual', () => {
    const named = { level1: '产出指标', level2: '数量指标' };
    expect(isCostIndicator(indicator({ ...named, name: '运维费用', target: '<=30万元', actual: '30万元' }))).toBe(true);
    expect(isCostIndicator(indicator({ ...named, name: '费用报销及时率', target: '100%', actual: '100%' }))).toBe(false);
    expect(isCostIndicator(indicator({ ...named, name: '完成数量', target: '<=30万元', actual: '30万元' }))).toBe(false);
  });
});
