import { z } from 'zod';
import { Severity } from './validation.ts';

const Case = z.object({
  file: z.string(),
  page: z.int().positive(),
  ordinal: z.int().positive(),
  projectName: z.string().nullable(),
  severity: Severity,
  message: z.string(),
  /** Pages of the cells behind the finding. */
  evidencePages: z.array(z.int().positive()),
});

/** A failed check on a department table or in a document's prose: where, what, and the sentence it quotes. */
const DocumentCase = z.object({
  file: z.string(),
  page: z.int().positive().nullable(),
  /** `表2 收入预算总表` for a table's check; null for the prose. */
  table: z.string().nullable(),
  code: z.string(),
  severity: Severity,
  message: z.string(),
  /** The 说明 sentence a prose finding is about. */
  quote: z.string().nullable(),
  evidencePages: z.array(z.int().positive()),
});

const CheckCount = z.object({ code: z.string(), passed: z.int(), failed: z.int(), skipped: z.int() });

/** What `jixiao report` says of one department and year; the JSON format prints this as is. */
export const DepartmentReport = z.object({
  department: z.string().nullable(),
  fiscalYear: z.int().nullable(),
  forms: z.object({ total: z.int(), byType: z.record(z.string(), z.int()) }),
  /** 万元, over the self-evaluations' total funds rows that print both figures. */
  funds: z.object({ forms: z.int(), annualBudget: z.string(), executed: z.string(), executionRate: z.number().nullable() }),
  scores: z.object({
    printed: z.int(),
    mean: z.number().nullable(),
    /** Printed 总分 by band: 100, [95, 100), [90, 95), [80, 90), [60, 80), below 60. */
    bands: z.record(z.string(), z.int()),
  }),
  recomputed: z.object({
    forms: z.int(),
    /** Forms whose printed 总分 lies inside the range the official rules allow. */
    printedWithinRange: z.int(),
    meanGap: z.number().nullable(),
    largestGaps: z.array(z.object({ file: z.string(), ordinal: z.int(), projectName: z.string().nullable(), printed: z.number(), recomputed: z.number(), gap: z.number() })),
  }),
  /** Per check code: forms where it failed, forms where it could not run, the worst failures. */
  checks: z.array(z.object({ code: z.string(), failed: z.int(), skipped: z.int(), cases: z.array(Case) })),
  flags: z.array(z.object({ code: z.string(), severity: Severity, forms: z.int(), cases: z.array(Case) })),
  quality: z.record(z.string(), z.int()),
  /** The 部门预算/决算 tables of the department and year: how many, of which kinds, their I8 checks, the failures. */
  tables: z.object({ read: z.int(), byKind: z.record(z.string(), z.int()), checks: z.array(CheckCount), cases: z.array(DocumentCase) })
    .default({ read: 0, byKind: {}, checks: [], cases: [] }),
  /** The documents' prose (说明) against their tables and its own arithmetic (I8.prose.*). */
  prose: z.object({ documents: z.int(), checks: z.array(CheckCount), cases: z.array(DocumentCase) }).default({ documents: 0, checks: [], cases: [] }),
  /** Between documents of the unit and year: prose against tables published apart, 项目支出 lines against forms, final accounts against the budget. */
  across: z.object({ checks: z.array(CheckCount), cases: z.array(DocumentCase) }).default({ checks: [], cases: [] }),
});
export type DepartmentReport = z.infer<typeof DepartmentReport>;
