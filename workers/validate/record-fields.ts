import { isTargetFormType, type FormRecord, type FundsRow, type Indicator } from '../../schemas/index.ts';
import { compactText } from './compact-text.ts';

export type AmountColumn = 'initialBudget' | 'adjustment' | 'annualBudget' | 'executed';

/** The funds columns that hold money, in printed order; 年中预算调整数 only on some templates. */
export const AMOUNT_COLUMNS: readonly AmountColumn[] = ['initialBudget', 'adjustment', 'annualBudget', 'executed'];

/** 年度资金总额 on self-evaluations, 年度预算总额 on target forms; some templates print 合计. */
const TOTAL_LABEL = /总额|合计/u;

export type IndexedFundsRow = { row: FundsRow; index: number };
export type IndexedIndicator = { indicator: Indicator; index: number };

/** Field paths as used by `record.printed` and `record.provenance`. */
export const fundsField = (index: number, key: keyof FundsRow): string => `funds.rows[${index}].${key}`;
export const indicatorField = (index: number, key: keyof Indicator): string => `indicators[${index}].${key}`;

export const isTargetForm = (record: FormRecord): boolean => isTargetFormType(record.formType);



export function findTotalRow(record: FormRecord): IndexedFundsRow | null {
  const index = record.funds.rows.findIndex((row) => TOTAL_LABEL.test(compactText(row.label)));
  const row = record.funds.rows[index];
  return row ? { row, index } : null;
}

/** Every funds row but the total: 当年财政拨款, 上年结转资金, 其他资金 (target forms: 财政拨款, 其他资金). */
export function findPartRows(record: FormRecord): IndexedFundsRow[] {
  const total = findTotalRow(record);
  return record.funds.rows.map((row, index) => ({ row, index })).filter(({ index }) => index !== total?.index);
}

/** Rows that carry a weight or a score; a row printed as `/` throughout means "indicator not used". */
export const usedIndicators = (record: FormRecord): IndexedIndicator[] =>
  record.indicators
    .map((indicator, index) => ({ indicator, index }))
    .filter(({ indicator }) => indicator.weight !== null || indicator.score !== null);

/** A short name for messages: the 三级指标 name, else its position. */
export const indicatorName = ({ indicator, index }: IndexedIndicator): string =>
  indicator.name ? `indicator ${index + 1} (${indicator.name})` : `indicator ${index + 1}`;

export const sameLevel1 = (a: string | null, b: string): boolean => a !== null && compactText(a) === compactText(b);
