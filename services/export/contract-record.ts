import type { Indicator, ValidatedRecord } from '../../schemas/index.ts';

export type ContractRecord = ReturnType<typeof toContractRecord>;

/**
 * A validated record in the interchange format of `contract/records.md`: the contract's fields in the
 * contract's order (what `score-records.mjs` and a reader of the JSON expect), then what the contract
 * allows beyond them. `source` also carries every page, the document id and the form's ordinal.
 */
export function toContractRecord(v: ValidatedRecord) {
  const r = v.record;
  return {
    source: { file: r.source.file, page: r.source.page, pages: r.source.pages, documentId: r.source.documentId, ordinal: r.source.ordinal },
    formType: r.formType,
    fiscalYear: r.fiscalYear,
    title: r.title,
    projectName: r.projectName,
    department: r.department,
    implementingUnit: r.implementingUnit,
    owner: r.owner,
    funds: {
      unit: r.funds.unit,
      rows: r.funds.rows.map((row) => ({
        label: row.label,
        initialBudget: row.initialBudget,
        adjustment: row.adjustment,
        annualBudget: row.annualBudget,
        executed: row.executed,
        weight: row.weight,
        executionRate: row.executionRate,
        score: row.score,
      })),
    },
    goals: { expected: r.goals.expected, actual: r.goals.actual },
    indicators: r.indicators.map(toContractIndicator),
    totalWeight: r.totalWeight,
    totalScore: r.totalScore,
    notes: { deviationAnalysis: r.notes.deviationAnalysis, improvement: r.notes.improvement },
    extra: r.extra,
    findings: v.findings,
    recomputedScore: v.score,
    quality: v.quality,
    problems: r.problems,
    provenance: r.provenance,
    printed: r.printed,
  };
}

function toContractIndicator(i: Indicator) {
  return {
    level1: i.level1,
    level2: i.level2,
    name: i.name,
    target: i.target,
    actual: i.actual,
    // Only target forms print 上年完成值; the gold files put it after `actual` and omit it elsewhere.
    ...(i.lastYearValue === undefined ? {} : { lastYearValue: i.lastYearValue }),
    weight: i.weight,
    score: i.score,
    deviationReason: i.deviationReason,
    extra: i.extra,
  };
}
