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
});
export type DepartmentReport = z.infer<typeof DepartmentReport>;
