import { z } from 'zod';
import { FormType, Indicator, Problem } from './form-record.ts';
import { Provenance } from './geometry.ts';

const Amount = z.number().nullable().default(null);
const Text = z.string().nullable().default(null);

/**
 * A record in the interchange format of `contract/records.md` as it comes from elsewhere: a researcher's
 * transcription, a gold file, or jixiao's own export read back. What the contract makes optional (or what
 * another tool may leave out) defaults to empty; what it requires is required.
 */
export const ContractRecordInput = z.object({
  source: z.object({
    file: z.string().min(1),
    page: z.int().positive(),
    pages: z.array(z.int().positive()).optional(),
    documentId: z.string().min(1).optional(),
    ordinal: z.int().positive().optional(),
  }),
  /** The gold files name the form's place in its document here rather than in `source`. */
  ordinal: z.int().positive().optional(),
  formType: FormType,
  fiscalYear: z.int().nullable().default(null),
  title: Text,
  projectName: Text,
  department: Text,
  implementingUnit: Text,
  owner: Text,
  funds: z.object({
    unit: z.string().default('万元'),
    rows: z.array(z.object({
      label: z.string(),
      initialBudget: Amount, adjustment: Amount, annualBudget: Amount, executed: Amount,
      weight: Amount, executionRate: Amount, score: Amount,
    })),
  }),
  goals: z.object({ expected: Text, actual: Text }).default({ expected: null, actual: null }),
  indicators: z.array(z.object({
    level1: Text, level2: Text, name: Text, target: Text, actual: Text,
    weight: Amount, score: Amount, deviationReason: Text,
    lastYearValue: z.string().nullable().optional(),
    extra: Indicator.shape.extra.default({}),
  })),
  totalWeight: Amount,
  totalScore: Amount,
  notes: z.object({ deviationAnalysis: Text, improvement: Text }).default({ deviationAnalysis: null, improvement: null }),
  extra: z.record(z.string(), z.unknown()).default({}),
  printed: z.record(z.string(), z.string()).default({}),
  provenance: z.record(z.string(), Provenance).default({}),
  problems: z.array(Problem).default([]),
});
export type ContractRecordInput = z.infer<typeof ContractRecordInput>;
