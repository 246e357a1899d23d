import { describe, expect, it } from 'vitest';
import type { FormRecord } from '../schemas/index.ts';
import { crossDocumentFlags } from '../workers/validate/flags/cross-document.ts';
import { reviewRecords } from '../workers/validate/review-records.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { unflaggedRecord } from './fixtures/flag-records.ts';
import { targetRecord, withFundsRow } from './fixtures/validate-records.ts';

const BUDGET_DOC = 'b'.repeat(64);
const result = unflaggedRecord();
// The 绩效目标表 of the same project and year, in the budget disclosure: the same four indicators and targets.
const plan = (patch: (r: FormRecord) => FormRecord = (r) => r): FormRecord =>
  patch(targetRecord({
    projectName: result.projectName,
    fiscalYear: result.fiscalYear,
    source: { file: 'budget.pdf', page: 7, pages: [7], documentId: BUDGET_DOC, ordinal: 3 },
    indicators: result.indicators.map((i) => ({ ...i, actual: null, score: null, lastYearValue: null })),
    funds: { unit: '万元', rows: [{ label: '年度预算总额', initialBudget: null, adjustment: null, annualBudget: 100, executed: null, weight: null, executionRate: null, score: null }] },
  }));
const codesOn = (records: FormRecord[], index: number) => (crossDocumentFlags(records).get(index) ?? []).map((f) => f.code);

describe('target form against self-evaluation', () => {
  it('raises nothing when targets, indicators and budget agree', () => {
    expect(crossDocumentFlags([plan(), result])).toEqual(new Map());
  });
  it('TARGET_REVISED_AFTER_BUDGET with both cells, the other one marked with its form', () => {
    const changed = plan((r) => ({ ...r, indicators: r.indicators.map((i, n) => (n === 0 ? { ...i, target: '≥3个' } : i)) }));
    const [finding] = crossDocumentFlags([changed, result]).get(1)!;
    expect(finding).toMatchObject({ code: 'TARGET_REVISED_AFTER_BUDGET', severity: 'warning', expected: '≥3个', printed: result.indicators[0]!.target });
    expect(finding!.evidence[0]).toMatchObject({ field: 'indicators[0].target' });
    expect(finding!.evidence[0]!.form).toBeUndefined();
    expect(finding!.evidence[1]).toMatchObject({ field: 'indicators[0].target', form: { documentId: BUDGET_DOC, file: 'budget.pdf', ordinal: 3 } });
  });
  it('reads a target the same however its comparator is printed (≥ and >=, ≥90% and 90%以上)', () => {
    const ascii = plan((r) => ({ ...r, indicators: r.indicators.map((i) => ({ ...i, target: i.target?.replace('≥', '>=') ?? null })) }));
    expect(codesOn([ascii, result], 1)).toEqual([]);
    const words = plan((r) => ({ ...r, indicators: r.indicators.map((i) => (i.target === '≥90%' ? { ...i, target: '90%以上' } : i)) }));
    expect(words.indicators.some((i) => i.target === '90%以上')).toBe(true);
    expect(codesOn([words, result], 1)).toEqual([]);
  });
  it('does not pair forms of two departments that happen to share a project name', () => {
    const elsewhere = plan((r) => ({ ...r, department: '另一个局' }));
    expect(codesOn([elsewhere, withFundsRow(result, 0, { initialBudget: 120 })], 1)).toEqual([]);
    expect(codesOn([plan((r) => ({ ...r, department: null })), withFundsRow(result, 0, { initialBudget: 120 })], 1)).toEqual(['BUDGET_DIFFERS_FROM_TARGET_FORM']);
  });
  it('TARGET_INDICATOR_DROPPED and INDICATOR_NOT_IN_TARGETS when the sets differ', () => {
    const renamed = plan((r) => ({ ...r, indicators: r.indicators.map((i, n) => (n === 1 ? { ...i, name: '资料归档率' } : i)) }));
    expect(codesOn([renamed, result], 1)).toEqual(['TARGET_INDICATOR_DROPPED', 'INDICATOR_NOT_IN_TARGETS']);
  });
  it('BUDGET_DIFFERS_FROM_TARGET_FORM against 年初预算数', () => {
    expect(codesOn([plan(), withFundsRow(result, 0, { initialBudget: 120 })], 1)).toEqual(['BUDGET_DIFFERS_FROM_TARGET_FORM']);
  });
  it('compares only the same project in the same year', () => {
    expect(crossDocumentFlags([plan((r) => ({ ...r, fiscalYear: 2023 })), withFundsRow(result, 0, { initialBudget: 120 })])).toEqual(new Map());
    expect(crossDocumentFlags([plan((r) => ({ ...r, projectName: '另一个项目' })), withFundsRow(result, 0, { initialBudget: 120 })])).toEqual(new Map());
  });
  it('are added by reviewRecords to the self-evaluation only', () => {
    const reviewed = reviewRecords([plan(), withFundsRow(result, 0, { initialBudget: 120 })].map(validateRecord));
    expect(reviewed[0]!.findings.some((f) => f.code === 'BUDGET_DIFFERS_FROM_TARGET_FORM')).toBe(false);
    expect(reviewed[1]!.findings.filter((f) => f.code === 'BUDGET_DIFFERS_FROM_TARGET_FORM')).toHaveLength(1);
  });
});
