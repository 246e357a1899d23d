import type { Evidence, Finding, FormRecord, FundsRow } from '../../../schemas/index.ts';
import { compactText, isNumberOnly } from '../compact-text.ts';
import { evidenceFor } from '../finding.ts';
import { AMOUNT_COLUMNS, type AmountColumn, findPartRows, fundsField, indicatorField, isTargetForm, type IndexedFundsRow } from '../record-fields.ts';
import { raise } from './flag-codes.ts';

const COLUMN_NAMES: Record<AmountColumn, string> = {
  initialBudget: '年初预算数',
  adjustment: '年中预算调整数',
  annualBudget: '全年预算数',
  executed: '全年执行数',
};

const RAW_KEYS: Record<AmountColumn, keyof FundsRow> = {
  initialBudget: 'initialBudgetRaw',
  adjustment: 'adjustmentRaw',
  annualBudget: 'annualBudgetRaw',
  executed: 'executedRaw',
};

/** The print of an amount cell that did not read as a number: the row's `…Raw`, else `printed` beside a null. */
function unreadAmount(record: FormRecord, row: FundsRow, index: number, column: AmountColumn): string | null {
  const raw = row[RAW_KEYS[column]];
  if (typeof raw === 'string') return raw;
  return row[column] === null ? (record.printed[fundsField(index, column)] ?? null) : null;
}

/** An amount column holding a percentage (seed 004 form 10: `100%` under 全年执行数): the rate slid left. */
export function flagAmountCellHoldsPercent(record: FormRecord): Finding[] {
  return record.funds.rows.flatMap((row, index) =>
    AMOUNT_COLUMNS.flatMap((column): Finding[] => {
      const text = unreadAmount(record, row, index, column);
      if (text === null || !/%/u.test(compactText(text))) return [];
      const field = fundsField(index, column);
      return [
        raise('AMOUNT_CELL_HOLDS_PERCENT', {
          message: `${row.label}: ${COLUMN_NAMES[column]} (${record.funds.unit}) holds "${text}", a percentage, not an amount`,
          expected: `an amount in ${record.funds.unit}`,
          printed: text,
          evidence: [evidenceFor(record, field, text)],
        }),
      ];
    }),
  );
}

/** A 偏差原因 that is only a number (seed 004 form 26's stray `5`): a score or weight slid right. */
export function flagNumericDeviationReason(record: FormRecord): Finding[] {
  return record.indicators.flatMap((indicator, index): Finding[] => {
    if (indicator.deviationReason === null || !isNumberOnly(indicator.deviationReason)) return [];
    const name = indicator.name ? ` (${indicator.name})` : '';
    return [
      raise('NUMERIC_DEVIATION_REASON', {
        message: `indicator ${index + 1}${name}: 偏差原因 holds only "${indicator.deviationReason}", a number where a reason belongs`,
        expected: 'a reason, or blank',
        printed: indicator.deviationReason,
        evidence: [
          evidenceFor(record, indicatorField(index, 'deviationReason'), indicator.deviationReason),
          evidenceFor(record, indicatorField(index, 'weight'), indicator.weight),
          evidenceFor(record, indicatorField(index, 'score'), indicator.score),
        ],
      }),
    ];
  });
}

/** 全年预算数, or 年初预算数 where the form leaves 全年 blank (seed 004 form 15). */
const budgetOf = (row: FundsRow): number | null => row.annualBudget ?? row.initialBudget;

/**
 * The budget sits on some fund sources and every printed execution on others: a source switched during
 * the year (seed 002#5: budget all 其他资金, execution all 当年财政拨款) or a value typed into the wrong
 * row (seed 004 forms 5, 15). Partial overlaps (seed 004 forms 13, 18) are ordinary and not flagged.
 */
export function flagExecutionOnOtherFundRow(record: FormRecord): Finding[] {
  if (isTargetForm(record)) return [];
  const parts = findPartRows(record);
  const budgeted = parts.filter(({ row }) => (budgetOf(row) ?? 0) > 0);
  // Where money was spent, rows printing 0 say nothing of where it went; where nothing was, the printed
  // zeros still show which row the form booked the execution on (seed 004 form 5).
  const printed = parts.filter(({ row }) => row.executed !== null);
  const spent = printed.filter(({ row }) => (row.executed ?? 0) > 0);
  const executed = spent.length ? spent : printed;
  if (budgeted.length === 0 || executed.length === 0) return [];
  if (executed.some(({ index }) => budgeted.some((b) => b.index === index))) return [];
  const describe = (rows: IndexedFundsRow[], amount: (row: FundsRow) => number | null) =>
    rows.map(({ row }) => `${row.label} ${amount(row)}`).join(', ');
  const budgetColumn = (row: FundsRow): AmountColumn => (row.annualBudget !== null ? 'annualBudget' : 'initialBudget');
  const evidence: Evidence[] = [
    ...budgeted.map(({ row, index }) => evidenceFor(record, fundsField(index, budgetColumn(row)), budgetOf(row))),
    ...executed.map(({ row, index }) => evidenceFor(record, fundsField(index, 'executed'), row.executed)),
  ];
  const message =
    `budget on ${describe(budgeted, budgetOf)} but execution only on ${describe(executed, (row) => row.executed)}: ` +
    'the fund source switched within the year, or the amounts sit in the wrong row';
  return [raise('EXECUTION_ON_OTHER_FUND_ROW', { message, evidence })];
}
