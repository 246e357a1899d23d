import { cellUnder, columnOf, nextCell, type Band, type BandCell, type Column } from './bands.ts';
import { emptyFundsRow, note, readNumber } from './form-draft.ts';
import { columnKey, fundsLabel, FUNDS_COLUMNS, headerText, squash, type FundsColumn } from './labels.ts';
import type { FormReader } from './reader-state.ts';
import { isEmptyMark, parseAmount, parsePercent, parseRate } from './values.ts';

const AMOUNT_KEYS: readonly FundsColumn[] = ['initialBudget', 'annualBudget', 'executed'];
const RATE_KEYS: readonly FundsColumn[] = ['executionRate', 'balanceRate'];

/** A fund label that names a total (年度资金总额, 合计, 小计 …) rather than one source of money. */
const isTotalFunds = (label: string): boolean => /总额|合计|总计|小计|金额$/.test(label);
/** The money of the form's own year: 年度资金申请总额 beside 项目资金总额 (the whole project's). */
const isYearFunds = (label: string): boolean => /^(年度|本年|当年)/.test(label);

/**
 * The funds block's header: a band naming at least two amount columns (年初预算数, 全年预算数, 全年执行数 …).
 * Header cells merged down from the band above count too (分值 and 得分 printed once over two header rows).
 */
export function readFundsHeader(reader: FormReader, band: Band): boolean {
  const columns = band.cells
    .filter((c) => c.starts || c.row + c.rowSpan - 1 === band.row)
    .map((c) => [columnKey(FUNDS_COLUMNS, c.text), c] as const)
    .filter((p): p is readonly [FundsColumn, (typeof band.cells)[number]] => p[0] !== null);
  const amounts = columns.filter(([k]) => AMOUNT_KEYS.includes(k));
  if (amounts.length < 2 || !band.cells.some((c) => c.starts)) return false;
  reader.fundsColumns = columns.map(([k, c]) => [k, columnOf(c, squash(c.text))]);
  reader.draft.amountColumns = amounts.map(([, c]) => c.text);
  reader.mode = 'funds';
  return true;
}

/**
 * A funds row. Under a header, each column's cell; without one, the label's right-hand neighbour: target
 * forms print label/value pairs (年度预算总额： 20 其中：财政拨款 20 其他资金： 0), and some print two groups
 * side by side (项目资金总额 … | 年度资金申请总额 …): the record takes the year's group and keeps the other in
 * `extra.otherFunds`.
 */
export function readFundsRow(reader: FormReader, band: Band, starting: BandCell[]): void {
  if (reader.fundsColumns.length) return readColumnRow(reader, band, starting);
  const labelled = starting.flatMap((cell) => {
    const label = fundsLabel(cell.text);
    return label ? [{ cell, label }] : [];
  });
  const totals = labelled.filter((l) => isTotalFunds(l.label));
  if (totals.length >= 2 && !reader.fundsGroup) reader.fundsGroup = columnOf((totals.find((l) => isYearFunds(l.label)) ?? totals[0]!).cell);
  const { draft } = reader;
  for (const { cell, label } of labelled) {
    const value = nextCell(band, cell);
    if (reader.fundsGroup && !overlaps(columnOf(cell), reader.fundsGroup)) {
      const other = (draft.extra['otherFunds'] ??= []) as { label: string; amount: number | null }[];
      other.push({ label, amount: value ? parseAmount(value.text) : null });
      continue;
    }
    const index = draft.funds.rows.length;
    const row = emptyFundsRow(label);
    draft.funds.rows.push(row);
    note(draft, `funds.rows[${index}].label`, cell);
    if (!value || value === cell || fundsLabel(value.text)) continue;
    row.annualBudget = readNumber(draft, `funds.rows[${index}].annualBudget`, value, parseAmount);
    if (row.annualBudget === null && !isEmptyMark(value.text)) row.annualBudgetRaw = value.text;
    note(draft, `funds.rows[${index}].annualBudget`, value, true);
  }
  readExecutionWeight(reader, starting);
}

/** `执行率分值（10分）` printed beside a label/value funds block: the weight of the total row's execution. */
function readExecutionWeight(reader: FormReader, starting: BandCell[]): void {
  const { draft } = reader;
  for (const cell of starting) {
    const m = /^执行率分值[(（](\d+(?:\.\d+)?)分?[)）]$/.exec(squash(cell.text));
    const total = draft.funds.rows.findIndex((r) => isTotalFunds(r.label));
    if (!m || total < 0 || draft.funds.rows[total]!.weight !== null) continue;
    draft.funds.rows[total]!.weight = Number(m[1]);
    note(draft, `funds.rows[${total}].weight`, cell);
  }
}

function readColumnRow(reader: FormReader, band: Band, starting: BandCell[]): void {
  const { draft } = reader;
  const cell = starting.find((c) => fundsLabel(c.text))!;
  const index = draft.funds.rows.length;
  const row = emptyFundsRow(fundsLabel(cell.text)!);
  draft.funds.rows.push(row);
  note(draft, `funds.rows[${index}].label`, cell);
  for (const [key, column] of reader.fundsColumns) {
    const value = cellUnder(band, column);
    if (!value || value === cell) continue;
    // A rate column headed `(%)` prints `88.75` for 88.75%.
    const parse = RATE_KEYS.includes(key) ? (/%/.test(headerText(column.header)) ? parsePercent : parseRate) : parseAmount;
    row[key] = readNumber(draft, `funds.rows[${index}].${key}`, value, parse);
    // A number cell printed with something that is not its number (100% under 全年执行数) keeps the print.
    if (row[key] === null && !isEmptyMark(value.text)) row[`${key}Raw`] = value.text;
    note(draft, `funds.rows[${index}].${key}`, value, true);
  }
}

const overlaps = (a: Column, b: Column): boolean => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0);
