import { z } from 'zod';
import { Provenance } from './geometry.ts';

/**
 * 项目支出绩效自评表 · 部门整体支出绩效自评表 (after the year: actuals and scores) · 项目支出绩效目标表 ·
 * 部门整体支出绩效目标表 (before the year: targets only).
 */
export const FormType = z.enum(['project_self_evaluation', 'department_self_evaluation', 'project_performance_target', 'department_performance_target']);
export type FormType = z.infer<typeof FormType>;

/** Target forms (绩效目标表) print targets only: no actuals, no scores, indicator weights summing to 90. */
export const isTargetFormType = (type: FormType): boolean => type === 'project_performance_target' || type === 'department_performance_target';

const Amount = z.number().nullable();

/** One row of the funds block (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金 …), money in `funds.unit`. */
export const FundsRow = z.object({
  /** Printed label without the `其中：` prefix. */
  label: z.string(),
  initialBudget: Amount,
  adjustment: Amount,
  annualBudget: Amount,
  executed: Amount,
  weight: Amount,
  /** A fraction: a printed `69%` is 0.69. */
  executionRate: Amount,
  score: Amount,
  /** 结余金额 and 结余率 (a fraction), printed by some 部门整体 templates beside the execution. */
  balance: Amount.optional(),
  balanceRate: Amount.optional(),
  /** The print of a number cell that does not read as its number (`100%` under 全年执行数), beside the null. */
  initialBudgetRaw: z.string().optional(),
  adjustmentRaw: z.string().optional(),
  annualBudgetRaw: z.string().optional(),
  executedRaw: z.string().optional(),
  weightRaw: z.string().optional(),
  executionRateRaw: z.string().optional(),
  scoreRaw: z.string().optional(),
  balanceRaw: z.string().optional(),
  balanceRateRaw: z.string().optional(),
});
export type FundsRow = z.infer<typeof FundsRow>;

/** One row of the indicator table; merged 一级/二级 cells are repeated on every row they cover. */
export const Indicator = z.object({
  level1: z.string().nullable(),
  level2: z.string().nullable(),
  name: z.string().nullable(),
  /** As printed (`>=95%`, `≤30 万元`, `有效提升`). */
  target: z.string().nullable(),
  actual: z.string().nullable(),
  weight: Amount,
  score: Amount,
  deviationReason: z.string().nullable(),
  /** 上年完成值 on target forms. */
  lastYearValue: z.string().nullable().optional(),
  /** Columns only some templates print, keyed by their printed header (指标值设置依据, 指标赋分规则, 佐证资料 …). */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type Indicator = z.infer<typeof Indicator>;

/** Something the extractor could not read for sure; the field stays null rather than guessed. */
export const Problem = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().nullable(),
  page: z.int().positive().nullable(),
});
export type Problem = z.infer<typeof Problem>;

/**
 * One form found in a document, in the interchange format of `contract/records.md`, plus what the
 * contract allows beyond it: the provenance of every value (keyed by field path, e.g.
 * `funds.rows[0].executed`, `indicators[3].score`), the printed text of numeric cells, and problems.
 */
export const FormRecord = z.object({
  source: z.object({
    file: z.string(),
    /** 1-based page where the form starts. */
    page: z.int().positive(),
    /** Every page the form covers, when it runs over a page break. */
    pages: z.array(z.int().positive()),
    documentId: z.string(),
    /** Position of the form in its document, from 1. */
    ordinal: z.int().positive(),
  }),
  formType: FormType,
  fiscalYear: z.int().nullable(),
  title: z.string().nullable(),
  projectName: z.string().nullable(),
  department: z.string().nullable(),
  implementingUnit: z.string().nullable(),
  owner: z.string().nullable(),
  funds: z.object({ unit: z.string(), rows: z.array(FundsRow) }),
  goals: z.object({ expected: z.string().nullable(), actual: z.string().nullable() }),
  indicators: z.array(Indicator),
  totalWeight: Amount,
  totalScore: Amount,
  notes: z.object({ deviationAnalysis: z.string().nullable(), improvement: z.string().nullable() }),
  extra: z.record(z.string(), z.unknown()),
  /** Printed text of every numeric cell, keyed like `provenance`, so checks work on what was printed. */
  printed: z.record(z.string(), z.string()),
  provenance: z.record(z.string(), Provenance),
  problems: z.array(Problem),
});
export type FormRecord = z.infer<typeof FormRecord>;
