import { z } from 'zod';
import { DepartmentTable } from './budget-table.ts';
import { FormRecord } from './form-record.ts';
import { BBox } from './geometry.ts';
import { Finding } from './validation.ts';
import { ValidatedRecord } from './validated-record.ts';

/**
 * What normalize makes of a document: its 绩效 forms as records and its department tables. An artifact stored
 * by an older jixiao is the bare array of records, read as a document without tables.
 */
/** A department table as the document's own contents page (目录) lists it. */
export const ContentsEntry = z.object({ title: z.string(), page: z.int().positive(), bbox: BBox });
export type ContentsEntry = z.infer<typeof ContentsEntry>;

export const NormalizedDocument = z.preprocess(
  (value) => (Array.isArray(value) ? { records: value, tables: [] } : value),
  z.object({ records: z.array(FormRecord), tables: z.array(DepartmentTable), contents: z.array(ContentsEntry).default([]) }),
);
export type NormalizedDocument = z.infer<typeof NormalizedDocument>;

/**
 * A department table with its checks (I8): its own sums, and, on the document's first table, the equalities
 * between its tables (they belong to no one table).
 */
export const CheckedTable = z.object({ table: DepartmentTable, findings: z.array(Finding) });
export type CheckedTable = z.infer<typeof CheckedTable>;

export const ValidatedDocument = z.object({ records: z.array(ValidatedRecord), tables: z.array(CheckedTable) });
export type ValidatedDocument = z.infer<typeof ValidatedDocument>;
