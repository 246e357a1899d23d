import { cellUnder, columnOf, columnsOverlap, nextCell, type Band, type BandCell } from '../grid/bands.ts';
import { emptyFundsRow, note, readNumber, textOf, type FormDraft } from './form-draft.ts';
import { columnKey, fundsLabel, FUNDS_COLUMNS, headerText, squash, type FundsColumn } from './labels.ts';
import type { FormReader } from './reader-state.ts';
import { reportUnknownColumns } from './unknown-columns.ts';
import { isEmptyMark, parseAmount, parsePercent, parseRate } from '../values.ts';

/**
 * A funds cell's number into row `index`, with its provenance and print; a cell printed with something
 * that is not its number (100% under 全年执行数) keeps the print beside the null, in `<key>Raw`.
 */
export function readFundsCell(draft: FormDraft, index: number, key: FundsColumn, cell: BandCell, parse: (text: string) => number | null = parseAmount): void {
  const row = draft.funds.rows[index]!;
  const path = `funds.rows[${index}].${key}`;
  row[key] = readNumber(draft, path, cell, parse);
  if (row[key] === null && !isEmptyMark(cell.text)) row[`${key}Raw`] = cell.text;
  note(draft, path, cell, true);
}

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
  const keyed = band.cells
    .filter((c) => c.starts || c.row + c.rowSpan - 1 === band.row)
    .map((c) => [columnKey(FUNDS_COLUMNS, c.text), c] as const);
  const columns = keyed.filter((p): p is readonly [FundsColumn, BandCell] => p[0] !== null);
  const amounts = columns.filter(([k]) => AMOUNT_KEYS.includes(k));
  if (amounts.length < 2 || !band.cells.some((c) => c.starts)) return false;
  reportUnknownColumns(reader.draft, 'funds', keyed.filter(([k, c]) => k === null && c.starts && !fundsLabel(c.text)).map(([, c]) => c));
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
    if (reader.fundsGroup && !columnsOverlap(columnOf(cell), reader.fundsGroup)) {
      const other = (draft.extra['otherFunds'] ??= []) as { label: string; amount: number | null }[];
      other.push({ label, amount: value ? parseAmount(value.text) : null });
      continue;
    }
    const index = draft.funds.rows.length;
    draft.funds.rows.push(emptyFundsRow(label));
    note(draft, `funds.rows[${index}].label`, cell);
    if (value && value !== cell && !fundsLabel(value.text)) readFundsCell(draft, index, 'annualBudget', value);
  }
  readExecutionWeight(reader, starting);
}

/**
 * Funds printed as columns (部门整体 target forms): a band of fund labels with no figures (预算支出总额 |
 * 财政拨款 | 其他资金, or 总额 | 财政拨款 | 其他资金 under 预算金额), the figures in a band below. A second
 * band of labels under the first (合计 | 基本支出 | 项目支出 under 财政拨款) only splits the columns: each
 * column takes its first part, the 合计.
 */
export function readFundsColumnsHeader(reader: FormReader, band: Band): boolean {
  if (reader.mode !== 'header' && reader.mode !== 'funds') return false;
  const labels = band.cells.filter((c) => c.starts && textOf(c) && fundsLabel(c.text));
  if (labels.length < 2 || band.cells.some((c) => parseAmount(c.text) !== null)) return false;
  reader.fundsByColumn ??= labels.map((c) => ({ label: fundsLabel(c.text)!, column: columnOf(c) }));
  reader.mode = 'funds';
  return true;
}

/**
 * The figures under funds columns. A row labelled with something other than a total (a 年度主要任务 task)
 * is one part of the money, not the block's: it is passed over; the total row (金额合计) or an unlabelled
 * row of figures gives the funds, the first column named by the row's label when it has one.
 */
export function readFundsByColumn(reader: FormReader, band: Band): boolean {
  const columns = reader.fundsByColumn;
  if (!columns || reader.mode !== 'funds') return false;
  const values = columns.map(({ column }) => cellUnder(band, column));
  if (!values.some((v) => v?.starts && parseAmount(v.text) !== null)) return false;
  const firstX = Math.min(...columns.map((c) => c.column.x0));
  const labelCell = band.cells.find((c) => c.starts && textOf(c) && c.bbox[2] - c.left <= firstX + 1);
  const rowLabel = labelCell ? fundsLabel(labelCell.text) : null;
  if (labelCell && !(rowLabel && isTotalFunds(rowLabel))) return true;
  const { draft } = reader;
  columns.forEach(({ label }, i) => {
    const index = draft.funds.rows.length;
    draft.funds.rows.push(emptyFundsRow(i === 0 && rowLabel ? rowLabel : label));
    const value = values[i];
    if (value?.starts) readFundsCell(draft, index, 'annualBudget', value);
  });
  reader.fundsByColumn = null;
  readExecutionWeight(reader, band.cells);
  return true;
}

/** `执行率分值（10分）` printed beside a funds block: the weight of the total row's execution. */
function readExecutionWeight(reader: FormReader, cells: BandCell[]): void {
  const { draft } = reader;
  const total = draft.funds.rows.findIndex((r) => isTotalFunds(r.label));
  if (total < 0) return;
  for (const cell of cells) {
    const m = /^执行率分值[(（](\d+(?:\.\d+)?)分?[)）]$/.exec(squash(cell.text));
    if (!m || draft.funds.rows[total]!.weight !== null) continue;
    draft.funds.rows[total]!.weight = Number(m[1]);
    note(draft, `funds.rows[${total}].weight`, cell);
  }
}

function readColumnRow(reader: FormReader, band: Band, starting: BandCell[]): void {
  const { draft } = reader;
  const cell = starting.find((c) => fundsLabel(c.text))!;
  const index = draft.funds.rows.length;
  draft.funds.rows.push(emptyFundsRow(fundsLabel(cell.text)!));
  note(draft, `funds.rows[${index}].label`, cell);
  for (const [key, column] of reader.fundsColumns) {
    const value = cellUnder(band, column);
    if (!value || value === cell) continue;
    // A rate column headed `(%)` prints `88.75` for 88.75%.
    readFundsCell(draft, index, key, value, RATE_KEYS.includes(key) ? (/%/.test(headerText(column.header)) ? parsePercent : parseRate) : parseAmount);
  }
}

