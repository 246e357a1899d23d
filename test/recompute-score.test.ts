import { describe, expect, it } from 'vitest';
import { FormRecord, type Indicator, type IndicatorRecomputation, ScoreRecomputation } from '../schemas/index.ts';
import { recomputeScore } from '../workers/validate/score/recompute-score.ts';
import { fundsRow, indicator, selfEvaluationRecord, targetRecord } from './fixtures/validate-records.ts';

type Recomputed = Extract<ScoreRecomputation, { status: 'recomputed' }>;

/** Seed 004 form 1's funds: 42.7763 of 62.31 万元 spent, 执行率 69%, printed score 7. */
const FORM_1_FUNDS = {
  unit: '万元',
  rows: [fundsRow('年度资金总额', { annualBudget: 62.31, executed: 42.7763, weight: 10, executionRate: 0.69, score: 7 })],
};

function recomputed(record: FormRecord): Recomputed {
  const result = ScoreRecomputation.parse(recomputeScore(record));
  if (result.status !== 'recomputed') throw new Error(`not recomputed: ${result.reason}`);
  return result;
}

/** The recomputation of a form holding this one indicator row. */
function row(values: Partial<Indicator>): IndicatorRecomputation {
  const [first] = recomputed(selfEvaluationRecord({ indicators: [indicator(values)] })).indicators;
  if (!first) throw new Error('no row recomputed');
  return first;
}

describe('recomputeScore: quantitative rows', () => {
  it('scores 正向 in proportion: 1957 of 3020.25 亩 on weight 20 is 12.96 (seed 004 form 22 printed 15)', () => {
    const result = row({ target: '3020.25 亩', actual: '1957 亩', weight: 20, score: 15 });
    expect(result).toMatchObject({ rule: 'forward-ratio', points: '12.96', min: '12.96', max: '12.96', estimate: '12.96', printedScore: '15' });
    expect(result.notes).toEqual(['正向 inferred: target "3020.25 亩" prints no ≥/≤']);
  });

  it('caps 正向 at the weight: ≥95% met with 100% scores 10, not 10.53', () => {
    expect(row({ target: '>=95%', actual: '=100%', weight: 10, score: 10 })).toMatchObject({ rule: 'forward-ratio', points: '10' });
    expect(row({ target: '>=6 次', actual: '=24 次', weight: 10, score: 10 }).points).toBe('10');
  });

  it('gives full marks to a cost row spent under its ceiling (反向), and records the as-practised reading', () => {
    const result = row({ level2: '成本指标', name: '项目预算成本', target: '\\leq 62.31 万元', actual: '42.7763 万元', weight: 10, score: 7 });
    expect(result).toMatchObject({ rule: 'reverse-ratio', points: '10', isCost: true, scoredBySpend: '6.87' });
  });

  it('scores 反向 overspending in proportion: ≤9万元 with 41万元 on weight 10 is 2.2 (seed 003 form 8 printed 10)', () => {
    expect(row({ target: '<=9万元', actual: '41万元', weight: 10, score: 10 })).toMatchObject({ rule: 'reverse-ratio', points: '2.2' });
  });

  it('gives full 20 to 002#41 网络故障率 <=10% with =9.46%, which the form scored 18.92', () => {
    const result = row({ level2: '质量指标', name: '网络故障率', target: '<=10%', actual: '=9.46%', weight: 20, score: 18.92 });
    expect(result).toMatchObject({ rule: 'reverse-ratio', points: '20', printedScore: '18.92', isCost: false, scoredBySpend: null });
  });

  it('leaves 反向 with actual 0 undefined: range [0, w], the printed 0 kept as the estimate', () => {
    const result = row({ level2: '成本指标', name: '项目成本', target: '≤14.21 万元', actual: '0', weight: 10, score: 0 });
    expect(result).toMatchObject({ rule: 'reverse-zero-actual', points: null, min: '0', max: '10', estimate: '0', scoredBySpend: '0' });
    expect(result.reason).toContain('undefined');
  });

  it('reads "=" targets 正向 and says so (seed 003 `=1批次` over-shot with `=2批次`)', () => {
    const result = row({ target: '=1批次', actual: '=2批次', weight: 10, score: 10 });
    expect(result).toMatchObject({ rule: 'forward-ratio', points: '10' });
    expect(result.notes[0]).toContain('"="');
  });

  it('reads a bare cost target as a ceiling (反向), and says so', () => {
    const result = row({ level2: '成本指标', name: '发放标准', target: '33.19 万元', actual: '13.26 万元', weight: 10, score: 4 });
    expect(result).toMatchObject({ rule: 'reverse-ratio', points: '10', scoredBySpend: '4' });
    expect(result.notes[0]).toBe('反向 inferred for a cost row: target "33.19 万元" prints no ≥/≤');
  });
  it('meets a ceiling with nothing (≤5 次 → 0 次); only a cost row with nothing spent is left as a range', () => {
    expect(row({ name: '安全事故', target: '≤5次', actual: '0次', weight: 10, score: 10 })).toMatchObject({ rule: 'reverse-ratio', points: '10' });
    expect(row({ level2: '成本指标', name: '预算成本', target: '≤14.21 万元', actual: '0', weight: 10, score: 0 })).toMatchObject({ rule: 'reverse-zero-actual', min: '0', max: '10' });
  });
});

describe('recomputeScore: rows the formula cannot score', () => {
  it('assumes a numeric target met when the actual says 已完成, with a note', () => {
    const result = row({ target: '100%', actual: '已完成', weight: 5, score: 4 });
    expect(result).toMatchObject({ rule: 'assumed-met', points: '5', min: '5', max: '5' });
    expect(result.notes).toEqual(['"已完成" read as met; no figure to check']);
  });

  it('assumes met when the actual is printed identical to a target no ratio can read', () => {
    const result = row({ target: '53 宗、 1290 亩', actual: '53 宗、1290 亩', weight: 10, score: 10 });
    expect(result).toMatchObject({ rule: 'assumed-met', points: '10' });
    expect(result.notes[0]).toContain('copied from the target');
  });

  it('gives [0, w] for units that cannot be divided: a unit price against a total', () => {
    const result = row({ level2: '成本指标', target: '\\leq 3.8 万元/亩', actual: '185.97 万元', weight: 5, score: 5 });
    expect(result).toMatchObject({ rule: 'unit-mismatch', points: null, min: '0', max: '5', estimate: '5' });
    expect(result.reason).toContain('"万元/亩" vs "万元"');
  });

  it('accepts 元 against 元/人 (seed 004 (f))', () => {
    expect(row({ target: '≤4980 元', actual: '4980 元/人', weight: 10, score: 10 })).toMatchObject({ rule: 'reverse-ratio', points: '10' });
  });

  it('gives [0, w] with no actual', () => {
    expect(row({ target: '>=7个', actual: null, weight: 10, score: null })).toMatchObject({
      rule: 'no-actual',
      min: '0',
      max: '10',
      estimate: '5',
    });
  });

  it('gives [0, w] to a figure target whose actual says 正在实施中', () => {
    expect(row({ target: '≥95%', actual: '正在实施中', weight: 10, score: 5 })).toMatchObject({ rule: 'cannot-apply', min: '0', max: '10', estimate: '5' });
  });
});

describe('recomputeScore: qualitative tiers', () => {
  it('puts 已完成 on a words-only target in tier 1, [0.8w, w], keeping the printed score inside it', () => {
    const result = row({ level1: '效益指标', target: '有效提升', actual: '已完成', weight: 6, score: 5 });
    expect(result).toMatchObject({ rule: 'qualitative-tier', points: null, min: '4.8', max: '6', estimate: '5' });
  });

  it('moves a printed score below tier 1 up to its floor (seed 004 form 13 scored 已完成 5/10)', () => {
    expect(row({ target: '有效保障', actual: '已完成', weight: 10, score: 5 })).toMatchObject({ min: '8', max: '10', estimate: '8' });
  });

  it('puts 正在实施中 in tiers 2–3, [0, 0.8w], and caps a printed score above it', () => {
    expect(row({ target: '长期', actual: '正在实施中', weight: 15, score: 13 })).toMatchObject({ min: '0', max: '12', estimate: '12' });
  });

  it('reads a percentage actual as the degree of achievement (seed 003 prints 100%, 90% or 80% against `提高`)', () => {
    expect(row({ target: '提高', actual: '70%', weight: 10, score: 7 })).toMatchObject({ rule: 'qualitative-tier', min: '6', max: '8', estimate: '7' });
  });

  it('compares a date actual with a date target (seed 004 form 40)', () => {
    expect(row({ level2: '时效指标', target: '2024年5月', actual: '2024年5月', weight: 10, score: 10 })).toMatchObject({ min: '8', max: '10' });
    expect(row({ level2: '时效指标', target: '2024 年 3 月 31 日前', actual: '2024年5月', weight: 10, score: 10 })).toMatchObject({ min: '0', max: '8' });
  });
});

describe('recomputeScore: the execution block', () => {
  const withFunds = (values: Parameters<typeof fundsRow>[1]) =>
    recomputed(selfEvaluationRecord({ funds: { unit: '万元', rows: [fundsRow('年度资金总额', values)] } })).execution;

  it('is 10 × 全年执行数/全年预算数 from the amounts, not the printed rate', () => {
    const execution = recomputed(selfEvaluationRecord({ funds: FORM_1_FUNDS })).execution;
    expect(execution).toMatchObject({ rule: 'execution-ratio', points: '6.87', printedScore: '7' });
  });

  it('ignores a printed rate the amounts contradict (seed 004 form 8: 0 of 61.6 printed 100%)', () => {
    expect(withFunds({ annualBudget: 61.6, executed: 0, weight: 10, executionRate: 1, score: 10 })).toMatchObject({ points: '0' });
  });

  it('caps over-execution at the weight', () => {
    expect(withFunds({ annualBudget: 100, executed: 110, weight: 10, executionRate: 1.1, score: 10 }).points).toBe('10');
  });

  it('falls back to the printed rate when the amounts cannot give one (seed 004 form 10: 执行数 printed `100%`)', () => {
    expect(withFunds({ annualBudget: 390.3316, executed: null, weight: 10, executionRate: 1, score: 10 })).toMatchObject({
      rule: 'printed-rate',
      points: '10',
    });
  });

  it('gives [0, 10] with no 年度资金总额 row', () => {
    const execution = recomputed(selfEvaluationRecord({ funds: { unit: '万元', rows: [fundsRow('当年财政拨款')] } })).execution;
    expect(execution).toMatchObject({ rule: 'cannot-apply', points: null, min: '0', max: '10', weight: '10' });
  });
});

describe('recomputeScore: the form', () => {
  /**
   * Execution 6.8651 + 正向 12.9592 + tier [4.8, 6] printed 5 + 反向 cost at 0 [0, 10] printed 0 +
   * 已完成 5 + 反向 cost met 10 (by spend 6.8651): total 39.8243, range [39.6243, 50.8243].
   */
  const form = (totalScore: number | null) =>
    selfEvaluationRecord({
      funds: FORM_1_FUNDS,
      indicators: [
        indicator({ name: '耕地面积', target: '3020.25 亩', actual: '1957 亩', weight: 20, score: 15 }),
        indicator({ level1: '效益指标', level2: '社会效益指标', target: '有效提升', actual: '已完成', weight: 6, score: 5 }),
        indicator({ level2: '成本指标', name: '工程成本', target: '≤14.21 万元', actual: '0', weight: 10, score: 0 }),
        indicator({ name: '覆盖率', target: '100%', actual: '已完成', weight: 5, score: 5 }),
        indicator({ name: '未用指标', target: '/', actual: '/', weight: null, score: null }),
        indicator({ level2: '成本指标', name: '项目预算成本', target: '≤62.31 万元', actual: '42.7763 万元', weight: 10, score: 7 }),
      ],
      totalScore,
    });

  it('sums the row estimates, mins and maxes with the execution block, rounding only the sums', () => {
    const result = recomputed(form(40));
    expect(result).toMatchObject({ total: '39.82', min: '39.62', max: '50.82', costScoredBySpend: '36.69' });
    expect(result.indicators.map((r) => r.index)).toEqual([0, 1, 2, 3, 5]);
  });

  it('sets the printed 总分 against the recomputation: gap and range', () => {
    expect(recomputed(form(40))).toMatchObject({ printedTotal: '40', gap: '0.18', printedInRange: true });
    expect(recomputed(form(36))).toMatchObject({ gap: '-3.82', printedInRange: false });
    expect(recomputed(form(null))).toMatchObject({ printedTotal: null, gap: null, printedInRange: null });
  });

  it('allows the printed total its own rounding and no more (seed 003 form 4 prints 95.28 for 95.276)', () => {
    expect(recomputed(form(39.62)).printedInRange).toBe(true); // min 39.6243, printed to 2 decimals
    expect(recomputed(form(50.83)).printedInRange).toBe(false); // max 50.8243 + 0.005 < 50.83
    expect(recomputed(form(51)).printedInRange).toBe(true); // a whole number stands for [50.5, 51.5)
  });

  it('points at the cells behind every row', () => {
    const [first] = recomputed(form(40)).indicators;
    expect(first?.evidence.map((e) => [e.field, e.printed])).toEqual([
      ['indicators[0].target', '3020.25 亩'],
      ['indicators[0].actual', '1957 亩'],
      ['indicators[0].weight', '20'],
      ['indicators[0].score', '15'],
    ]);
  });

  it('works on department forms too', () => {
    const department = FormRecord.parse({ ...form(40), formType: 'department_self_evaluation' });
    expect(recomputed(department).total).toBe('39.82');
  });

  it('does not apply to target forms, which print no actuals or scores', () => {
    const result = recomputeScore(targetRecord());
    expect(result.status).toBe('not-applicable');
  });
});
