import type { Finding, FormRecord } from '../../schemas/index.ts';
import { formatDecimal, isWithin, sumDecimals, toDecimal } from './decimal.ts';
import { evidenceFor, failed, passed, printedText, skipped } from './finding.ts';
import { AMOUNT_COLUMNS, type AmountColumn, findPartRows, findTotalRow, fundsField, type IndexedFundsRow } from './record-fields.ts';
import { amountTolerance } from './tolerances.ts';

const COLUMN_NAMES: Record<AmountColumn, string> = {
  initialBudget: '年初预算数',
  adjustment: '年中预算调整数',
  annualBudget: '全年预算数',
  executed: '全年执行数',
};

/**
 * One amount column. Blank sub-rows count as 0 as long as one sub-row prints an amount: forms leave
 * 上年结转资金 / 其他资金 blank when there is none (seed 004), but all-blank sub-rows say nothing.
 */
function checkColumn(record: FormRecord, total: IndexedFundsRow, parts: IndexedFundsRow[], column: AmountColumn): Finding {
  const name = COLUMN_NAMES[column];
  const totalValue = total.row[column] ?? 0;
  const totalField = fundsField(total.index, column);
  const printedParts = parts.filter(({ row }) => row[column] !== null);
  const evidence = [
    evidenceFor(record, totalField, totalValue),
    ...printedParts.map(({ row, index }) => evidenceFor(record, fundsField(index, column), row[column])),
  ];
  if (printedParts.length === 0) return skipped('I7', `${name}: no sub-row of ${total.row.label} prints an amount`, evidence);
  const sum = sumDecimals(printedParts.map(({ row }) => toDecimal(row[column] ?? 0)));
  const printed = toDecimal(totalValue);
  const terms = printedParts.map(({ row }) => `${row.label} ${row[column]}`).join(' + ');
  const message = `${name}: ${terms} = ${formatDecimal(sum, 6)} vs ${total.row.label} ${totalValue}`;
  const outcome = { message, expected: sum.toString(), printed: printedText(record, totalField, totalValue), evidence };
  return isWithin(sum, printed, amountTolerance(sum, printed))
    ? passed('I7', outcome)
    : failed('I7', { ...outcome, message: `${message}, off by more than max(0.01, 0.1%)` });
}

/** I7 当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金总额, per amount column the total prints. */
export function checkFundsSplit(record: FormRecord): Finding[] {
  const total = findTotalRow(record);
  if (!total) return [skipped('I7', 'no 年度资金总额 row')];
  const parts = findPartRows(record);
  if (parts.length === 0) return [skipped('I7', `no sub-rows under ${total.row.label}`)];
  const findings = AMOUNT_COLUMNS.filter((column) => total.row[column] !== null).map((column) =>
    checkColumn(record, total, parts, column),
  );
  return findings.length > 0 ? findings : [skipped('I7', `${total.row.label} prints no amount`)];
}
