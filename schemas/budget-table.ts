import { z } from 'zod';
import { Provenance } from './geometry.ts';

/** Seed 001 prints every table in 万元; 元 is the other unit the 部门预算/决算 templates use. */
export const BudgetTableUnit = z.enum(['万元', '元']);
export type BudgetTableUnit = z.infer<typeof BudgetTableUnit>;

/**
 * A value column. Merged header cells are flattened into one header (表2 `财政拨款(补助)` over `一般公共预算`
 * → `一般公共预算`); the key is what rows use in `cells`. Code and name columns are not columns here: they
 * are `code` and `name` of the row.
 */
export const BudgetTableColumn = z.object({
  key: z.string().min(1),
  header: z.string(),
});
export type BudgetTableColumn = z.infer<typeof BudgetTableColumn>;

export const BudgetTableRowKind = z.enum(['total', 'subtotal', 'item']);
export type BudgetTableRowKind = z.infer<typeof BudgetTableRowKind>;

/**
 * One printed row. Two-sided tables (表1 收入 | 支出, 表4) become one row per label: the 收入 label with the
 * income cells, the 支出 label with the expenditure cells, so every row has one name.
 */
export const BudgetTableRow = z.object({
  /**
   * 功能分类 (`208`, `20805`, `2080501`, or as printed in 类/款/项 cells `208 05 01`) or 经济分类 (`301`, `30101`);
   * null for labelled rows (`一、本年收入`, `合  计`).
   */
  code: z.string().nullable(),
  name: z.string(),
  /** 表7's 项目名称: several projects share one 项 code and name. */
  projectName: z.string().optional(),
  /** Keyed by column key; a blank cell is null or absent, and both are read as 0. */
  cells: z.record(z.string(), z.number().nullable()),
  /** The cell text as printed (`170.10`, `—`), so a finding quotes the trailing zero and tells blank from unreadable. */
  printed: z.record(z.string(), z.string()).optional(),
  provenance: z.record(z.string(), Provenance).optional(),
  kind: BudgetTableRowKind.optional(),
});
export type BudgetTableRow = z.infer<typeof BudgetTableRow>;

const budgetTableShape = z.object({
  tableNo: z.string(),
  title: z.string(),
  unit: BudgetTableUnit,
  columns: z.array(BudgetTableColumn),
  rows: z.array(BudgetTableRow),
  /** The page the table starts on; a table running over pages keeps its later pages in the cells' provenance. */
  source: z.object({ file: z.string(), page: z.int().positive() }),
});

/** Every cell under a declared column: a cell under an undeclared key would be silently left out of every sum. */
function declaredColumns(table: z.infer<typeof budgetTableShape>, ctx: z.RefinementCtx): void {
  const keys = new Set(table.columns.map((column) => column.key));
  if (keys.size !== table.columns.length) ctx.addIssue({ code: 'custom', message: 'column keys repeat', path: ['columns'] });
  table.rows.forEach((row, index) => {
    for (const part of ['cells', 'printed', 'provenance'] as const) {
      for (const key of Object.keys(row[part] ?? {})) {
        if (!keys.has(key)) ctx.addIssue({ code: 'custom', message: `unknown column key "${key}"`, path: ['rows', index, part, key] });
      }
    }
  });
}

/** A 部门预算/决算 table (表1–表10) of one document: the model the department-table checks (I8) read. */
export const BudgetTable = budgetTableShape.superRefine(declaredColumns);
export type BudgetTable = z.infer<typeof BudgetTable>;

/** What a department table is, whatever its printed number and name (`contract/tables.md`). */
export const DepartmentTableKind = z.enum([
  'overview', 'income', 'expenditure', 'fiscal_overview', 'fiscal_expenditure', 'fiscal_basic',
  'general_public_functional', 'general_public_basic', 'government_fund', 'state_capital', 'three_public',
  'operating_costs', 'procurement', 'project_expenditure', 'other',
]);
export type DepartmentTableKind = z.infer<typeof DepartmentTableKind>;

/**
 * A department table as read from a document (the interchange format of `contract/tables.md`): the check model
 * plus what it is (kind, 预算 or 决算, year, unit it is printed for) and where (every page it runs over).
 */
export const DepartmentTable = budgetTableShape
  .extend({
    /** As printed (表2, 公开02表, 预算01表); '' when none is printed. */
    tableNo: z.string(),
    kind: DepartmentTableKind,
    stage: z.enum(['budget', 'final_accounts']).nullable(),
    fiscalYear: z.int().nullable(),
    department: z.string().nullable(),
    source: z.object({ file: z.string(), page: z.int().positive(), pages: z.array(z.int().positive()), documentId: z.string(), ordinal: z.int().positive() }),
  })
  .superRefine(declaredColumns);
export type DepartmentTable = z.infer<typeof DepartmentTable>;
