import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Finding, type FormRecord, ValidatedRecord } from '../schemas/index.ts';
import { checks } from '../workers/validate/checks.ts';
import { sumDecimals, toDecimal } from '../workers/validate/decimal.ts';
import { flags } from '../workers/validate/flags.ts';
import { validate } from '../workers/validate/validate.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { amountTolerance } from '../workers/validate/tolerances.ts';
import { fundsRow, goldToFormRecord, selfEvaluationRecord, targetRecord, withFundsRow, withIndicator } from './fixtures/validate-records.ts';
import { fakeDeps } from './fixtures/fake-deps.ts';

const findingsOf = (record: FormRecord, code: string): Finding[] =>
  validateRecord(record).findings.filter((finding) => finding.code === code);

const only = (record: FormRecord, code: string): Finding => {
  const found = findingsOf(record, code);
  expect(found).toHaveLength(1);
  return found[0]!;
};

const statuses = (record: FormRecord, code: string) => findingsOf(record, code).map((f) => f.status);

const base = selfEvaluationRecord();
const total = (patch: Parameters<typeof withFundsRow>[2]) => withFundsRow(base, 0, patch);

describe('decimal helpers', () => {
  it('sums JSON numbers exactly', () => {
    expect(sumDecimals([0.1, 0.2].map(toDecimal)).toString()).toBe('0.3');
  });
  it('gives amounts max(0.01, 0.1% of the larger value)', () => {
    expect(amountTolerance(toDecimal(5), toDecimal(5.02)).toString()).toBe('0.01');
    expect(amountTolerance(toDecimal(100), toDecimal(90)).toString()).toBe('0.1');
  });
});

describe('a consistent self-evaluation form', () => {
  it('passes every check, and every finding fits the schema', () => {
    const result = ValidatedRecord.parse(validateRecord(base));
    const checkFindings = result.findings.filter((f) => f.kind === 'check');
    expect(checkFindings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(new Set(checkFindings.map((f) => f.code))).toEqual(new Set(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7']));
    expect(result.findings.filter((f) => f.kind === 'flag').map((f) => f.code)).toEqual(['DEDUCTION_WITHOUT_REASON', 'TARGET_MET_POINTS_DEDUCTED']);
    expect(validateRecord(base).record).toBe(base);
  });
  it('runs the checks in order I1…I7, then the flags', () => {
    const codes = validateRecord(base).findings.filter((f) => f.kind === 'check').map((f) => f.code);
    expect(codes).toEqual([...codes].sort());
    expect(checks).toHaveLength(7);
    expect(flags.length).toBeGreaterThan(0);
  });
});

describe('I1 执行率 = 全年执行数 / 全年预算数', () => {
  it('passes a matching rate and names the numbers', () => {
    const finding = only(base, 'I1');
    expect(finding).toMatchObject({ status: 'pass', expected: '0.9645', printed: '0.9645' });
    expect(finding.message).toContain('96.45 / 全年预算数 100');
  });
  it('fails 100% printed for nothing spent (seed 004 form 8)', () => {
    const finding = only(total({ executed: 0, executionRate: 1, score: 0 }), 'I1');
    expect(finding).toMatchObject({ status: 'fail', severity: 'error', expected: '0', printed: '1' });
  });
  it('accepts 0.5 pt exactly and rejects just beyond', () => {
    expect(only(total({ executionRate: 0.9695 }), 'I1').status).toBe('pass');
    expect(only(total({ executionRate: 0.9696 }), 'I1').status).toBe('fail');
    expect(only(total({ executionRate: 0.9595 }), 'I1').status).toBe('pass');
    expect(only(total({ executionRate: 0.9594 }), 'I1').status).toBe('fail');
  });
  it('skips with the printed text when 全年执行数 is not an amount', () => {
    const record = selfEvaluationRecord({ ...total({ executed: null }), printed: { 'funds.rows[0].executed': '100%' } });
    const finding = only(record, 'I1');
    expect(finding.status).toBe('skipped');
    expect(finding.message).toContain('全年执行数 printed as "100%"');
  });
  it('skips a zero budget rather than dividing by it', () => {
    expect(only(total({ annualBudget: 0 }), 'I1').status).toBe('skipped');
  });
  it('checks sub-rows only where they print a rate', () => {
    const record = withFundsRow(base, 1, { executionRate: 0.5 });
    expect(statuses(record, 'I1')).toEqual(['pass', 'fail']);
    expect(findingsOf(record, 'I1')[1]!.message).toMatch(/^当年财政拨款/);
  });
  it('takes evidence from provenance and printed text, with page and box null when unknown', () => {
    const record = selfEvaluationRecord({
      printed: { 'funds.rows[0].executionRate': '96.45%' },
      provenance: { 'funds.rows[0].executionRate': { page: 3, bbox: [1, 2, 3, 4], source: 'text-layer', confidence: 1 } },
    });
    const finding = only(record, 'I1');
    expect(finding.printed).toBe('96.45%');
    expect(finding.evidence).toContainEqual({ field: 'funds.rows[0].executionRate', page: 3, bbox: [1, 2, 3, 4], printed: '96.45%' });
    expect(finding.evidence).toContainEqual({ field: 'funds.rows[0].executed', page: null, bbox: null, printed: '96.45' });
  });
});

describe('I2 执行率得分 = 分值 × 执行率', () => {
  it('passes 9.645 printed 9.65, saying it was rounded', () => {
    const finding = only(base, 'I2');
    expect(finding).toMatchObject({ status: 'pass', severity: 'info', expected: '9.65', printed: '9.65' });
    expect(finding.message).toContain('rounded to 2 decimals (truncation gives 9.64)');
  });
  it('flags 9.645 printed 9.64 as truncated, with the rounded value expected', () => {
    const finding = only(total({ score: 9.64 }), 'I2');
    expect(finding).toMatchObject({ status: 'fail', severity: 'warning', expected: '9.65' });
    expect(finding.message).toContain('truncated to 2 decimals (rounding gives 9.65)');
  });
  it('passes without a warning when both conventions agree', () => {
    const record = total({ executed: 100, executionRate: 1, score: 10 });
    expect(only(record, 'I2')).toMatchObject({ status: 'pass', severity: 'info' });
  });
  it('names truncation on whole points (seed 004: 7.68 printed 7)', () => {
    const finding = only(total({ executed: 76.8, executionRate: 0.768, score: 7 }), 'I2');
    expect(finding).toMatchObject({ status: 'fail', severity: 'warning', expected: '8' });
    expect(finding.message).toContain('truncated to 0 decimals (rounding gives 8)');
  });
  it('fails a score neither convention explains (seed 004 form 14: 2.28 printed 5)', () => {
    const finding = only(total({ executed: 22.84, executionRate: 0.2284, score: 5 }), 'I2');
    expect(finding).toMatchObject({ status: 'fail', severity: 'error', printed: '5' });
    expect(finding.message).toContain('2.284');
  });
  it('accepts ±0.5 around the nearest convention and no more', () => {
    expect(only(total({ score: 9.14 }), 'I2')).toMatchObject({ status: 'pass', severity: 'warning' });
    expect(only(total({ score: 10.15 }), 'I2')).toMatchObject({ status: 'pass', severity: 'warning' });
    expect(only(total({ score: 9.13 }), 'I2').status).toBe('fail');
    expect(only(total({ score: 10.16 }), 'I2').status).toBe('fail');
  });
  it('reads the precision from the printed text', () => {
    const printedAs = (text: string) => selfEvaluationRecord({ ...total({ score: 9.6 }), printed: { 'funds.rows[0].score': text } });
    expect(only(printedAs('9.6分'), 'I2')).toMatchObject({ status: 'pass', severity: 'info' });
    expect(only(printedAs('9.60分'), 'I2').message).toContain('neither rounded (9.65) nor truncated (9.64)');
  });
  it('leaves a wrong printed rate to I1 when the score fits the amounts', () => {
    const record = total({ executed: 0, executionRate: 1, score: 0 });
    const finding = only(record, 'I2');
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('the printed 执行率 100% does not fit');
  });
  it('assumes the template weight 10 when 分值 is not printed, and says so', () => {
    expect(only(total({ weight: null }), 'I2').message).toContain('10 assumed');
  });
  it('skips when the score or every rate is missing', () => {
    expect(only(total({ score: null }), 'I2').status).toBe('skipped');
    expect(only(total({ executionRate: null, executed: null }), 'I2').status).toBe('skipped');
  });
});

describe('I3 总分 = 执行率得分 + Σ 得分', () => {
  it('passes the sum', () => {
    expect(only(base, 'I3')).toMatchObject({ status: 'pass', expected: '97.65', printed: '97.65' });
  });
  it('fails a total that leaves out points (seed 004 form 35)', () => {
    const finding = only(selfEvaluationRecord({ totalScore: 92 }), 'I3');
    expect(finding).toMatchObject({ status: 'fail', severity: 'error' });
    expect(finding.evidence.map((e) => e.field)).toContain('indicators[3].score');
  });
  it('accepts ±0.5 and no more', () => {
    expect(only(selfEvaluationRecord({ totalScore: 98.15 }), 'I3').status).toBe('pass');
    expect(only(selfEvaluationRecord({ totalScore: 98.16 }), 'I3').status).toBe('fail');
  });
  it('skips when 总分 or a used row’s 得分 is missing, ignoring rows printed as /', () => {
    expect(only(selfEvaluationRecord({ totalScore: null }), 'I3').status).toBe('skipped');
    expect(only(withIndicator(base, 2, { score: null }), 'I3').message).toContain('indicator 3 (社会效益)');
    const unused = selfEvaluationRecord({ indicators: [...base.indicators, { ...base.indicators[0]!, weight: null, score: null }] });
    expect(only(unused, 'I3').status).toBe('pass');
  });
});

describe('I4 Σ 分值 = 100 (target forms: 90)', () => {
  it('passes 10 + 90', () => {
    expect(only(base, 'I4')).toMatchObject({ status: 'pass', expected: '100', printed: '100' });
  });
  it('fails weights adding to 95 (seed 004 form 46)', () => {
    expect(only(withIndicator(base, 0, { weight: 25 }), 'I4')).toMatchObject({ status: 'fail', severity: 'error', printed: '95' });
  });
  it('accepts ±0.5 and no more', () => {
    expect(only(withIndicator(base, 0, { weight: 30.5 }), 'I4').status).toBe('pass');
    expect(only(withIndicator(base, 0, { weight: 30.6 }), 'I4').status).toBe('fail');
  });
  it('fails when the printed 总分 分值 disagrees with the weights', () => {
    expect(only(selfEvaluationRecord({ totalWeight: 90 }), 'I4').status).toBe('fail');
  });
  it('does not apply to a template with no 分值 column (Shanghai 目标填报表, Beijing 预算12表)', () => {
    const unweighted = { ...base, totalWeight: null, indicators: base.indicators.map((i) => ({ ...i, weight: null, score: null })) };
    expect(only(unweighted, 'I4').status).toBe('not-applicable');
    expect(only(withIndicator(unweighted, 0, { weight: 30 }), 'I4').status).not.toBe('not-applicable');
  });
  it('skips when the funds weight or a used row’s weight is missing', () => {
    expect(only(total({ weight: null }), 'I4').status).toBe('skipped');
    expect(only(withIndicator(base, 1, { weight: null }), 'I4').status).toBe('skipped');
  });
});

describe('I5 Σ 分值 within a 一级 = its heading', () => {
  it('passes each heading', () => {
    expect(statuses(base, 'I5')).toEqual(['pass', 'pass', 'pass']);
  });
  it('fails a group whose rows do not reach the heading (seed 004 form 31: 效益 20 ≠ 30)', () => {
    const finding = findingsOf(withIndicator(base, 2, { weight: 20 }), 'I5')[1]!;
    expect(finding).toMatchObject({ status: 'fail', severity: 'error', expected: '30', printed: '20' });
    expect(finding.message).toContain('效益指标');
  });
  it('accepts ±0.5 and no more', () => {
    const heading = (weight: number) => selfEvaluationRecord({ extra: { level1Weights: { 产出指标: weight } } });
    expect(only(heading(50.5), 'I5').status).toBe('pass');
    expect(only(heading(50.6), 'I5').status).toBe('fail');
  });
  it('fails a heading with no rows under it', () => {
    const record = selfEvaluationRecord({ extra: { level1Weights: { 成本指标: 10 } } });
    expect(only(record, 'I5').message).toContain('no indicator row');
  });
  it('skips forms that print no heading weights', () => {
    expect(only(selfEvaluationRecord({ extra: {} }), 'I5').status).toBe('not-applicable');
  });
});

describe('I6 得分 ≤ 分值', () => {
  it('passes when every score is within its weight, the cap itself included', () => {
    expect(only(base, 'I6')).toMatchObject({ status: 'pass', message: '得分 ≤ 分值 on all 5 rows' });
  });
  it('fails each row over its weight (seed 004 form 20: 满意度 13 on 10)', () => {
    const record = withFundsRow(withIndicator(base, 3, { score: 13 }), 0, { score: 10.01 });
    const found = findingsOf(record, 'I6');
    expect(found.map((f) => f.status)).toEqual(['fail', 'fail']);
    expect(found[1]).toMatchObject({ severity: 'error', expected: '≤ 10', printed: '13' });
    expect(found[1]!.evidence.map((e) => e.field)).toEqual(['indicators[3].score', 'indicators[3].weight']);
  });
  it('skips when no row prints both 分值 and 得分', () => {
    const record = selfEvaluationRecord({
      funds: { unit: '万元', rows: [fundsRow('年度资金总额', { annualBudget: 1 })] },
      indicators: base.indicators.map((row) => ({ ...row, weight: null })),
    });
    expect(only(record, 'I6').status).toBe('skipped');
  });
});

describe('I7 当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金总额', () => {
  it('passes each column the total prints, blank sub-rows counting as 0', () => {
    expect(findingsOf(base, 'I7').map((f) => [f.status, f.message.split(':')[0]])).toEqual([
      ['pass', '年初预算数'],
      ['pass', '全年预算数'],
      ['pass', '全年执行数'],
    ]);
  });
  it('fails a column whose parts do not add up', () => {
    const finding = findingsOf(withFundsRow(base, 1, { annualBudget: 70 }), 'I7')[1]!;
    expect(finding).toMatchObject({ status: 'fail', severity: 'error', expected: '90', printed: '100' });
    expect(finding.message).toContain('当年财政拨款 70 + 上年结转资金 20 = 90');
  });
  it('accepts max(0.01, 0.1%) and no more', () => {
    const column = (totalValue: number, part: number) =>
      selfEvaluationRecord({ funds: { unit: '万元', rows: [fundsRow('年度资金总额', { annualBudget: totalValue }), fundsRow('财政拨款', { annualBudget: part })] } });
    expect(only(column(100, 100.1), 'I7').status).toBe('pass');
    expect(only(column(100, 100.11), 'I7').status).toBe('fail');
    expect(only(column(5, 5.01), 'I7').status).toBe('pass');
    expect(only(column(5, 5.02), 'I7').status).toBe('fail');
  });
  it('skips a column where no sub-row prints an amount', () => {
    const record = withFundsRow(withFundsRow(base, 1, { initialBudget: null }), 2, { initialBudget: null });
    expect(statuses(record, 'I7')).toEqual(['skipped', 'pass', 'pass']);
  });
  it('skips a form without a total row', () => {
    expect(only(selfEvaluationRecord({ funds: { unit: '万元', rows: [] } }), 'I7').status).toBe('skipped');
  });
});

describe('a T4 target form', () => {
  const result = validateRecord(targetRecord());
  const byCode = (code: string) => result.findings.filter((f) => f.code === code).map((f) => f.status);
  it('skips the checks that need actuals or scores instead of failing them', () => {
    for (const code of ['I1', 'I2', 'I3', 'I6']) expect(byCode(code)).toEqual(['not-applicable']);
    expect(byCode('I5')).toEqual(['not-applicable']);
  });
  it('checks weights against 90 and 财政拨款 + 其他资金 against 年度预算总额', () => {
    expect(byCode('I4')).toEqual(['pass']);
    expect(byCode('I7')).toEqual(['pass']);
    const overweight = withIndicator(targetRecord(), 0, { weight: 30 });
    expect(only(overweight, 'I4')).toMatchObject({ status: 'fail', expected: '90', printed: '100' });
  });
});

describe('the validate stage', () => {
  it('loads the normalize artifact and validates every record', async () => {
    const asked: string[] = [];
    const deps = fakeDeps({ store: { readArtifact: async (_id, stage) => (asked.push(stage), [base]) } });
    const input = validate.input.parse(await validate.load('a'.repeat(64), deps));
    const output = validate.output.parse(await validate.run(input, deps));
    expect(validate.name).toBe('validate');
    expect(asked).toEqual(['normalize']);
    expect(output.records).toHaveLength(1);
    expect(output.records[0]!.findings.length).toBeGreaterThan(6);
    expect(output.tables).toEqual([]);
  });
});

const SAMPLES = join(import.meta.dirname, '..', 'samples', 'expected');
const goldFiles = readdirSync(SAMPLES).filter((name) => name.endsWith('.records.json'));

describe('gold records in samples/', () => {
  it('are there to validate', () => expect(goldFiles.length).toBeGreaterThanOrEqual(3));
  it.each(goldFiles)('%s validates without throwing, every check reporting', (name) => {
    const gold: unknown = JSON.parse(readFileSync(join(SAMPLES, name), 'utf8'));
    const records = (Array.isArray(gold) ? gold : [gold]).map((item, i) => goldToFormRecord(item, i + 1));
    for (const record of records) {
      const { findings } = ValidatedRecord.parse(validateRecord(record));
      const checkCodes = findings.filter((f) => f.kind === 'check').map((f) => f.code);
      expect(new Set(checkCodes)).toEqual(new Set(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7']));
    }
  });
});
