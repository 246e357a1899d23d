import { cellUnder, columnOf, nextCell, type Band, type BandCell, type Column } from './bands.ts';
import { emptyFundsRow, note, readNumber, textOf, type FormDraft } from './form-draft.ts';
import { readIndicatorRow, readTotals } from './indicator-rows.ts';
import {
  columnKey, FIELD_LABELS, FUNDS_COLUMNS, fundsLabel, INDICATOR_COLUMNS, isTotalLabel, squash,
  type FieldLabel, type FundsColumn, type IndicatorColumn,
} from './labels.ts';
import { isEmptyMark, parseAmount, parseRate } from './values.ts';

type Mode = 'header' | 'funds' | 'goals' | 'indicators' | 'after';

/** Reads one form's bands in order; the blocks of the form are found by their printed labels, not positions. */
export type FormReader = {
  draft: FormDraft;
  mode: Mode;
  fundsColumns: [FundsColumn, Column][];
  goalColumns: { expected: Column | null; actual: Column | null };
  indicatorColumns: [IndicatorColumn, Column][];
};

export const newReader = (draft: FormDraft): FormReader => ({
  draft, mode: 'header', fundsColumns: [], goalColumns: { expected: null, actual: null }, indicatorColumns: [],
});

export function readBand(reader: FormReader, band: Band): void {
  const starting = band.cells.filter((c) => c.starts);
  readLabelledFields(reader, band, starting);
  if (readFundsHeader(reader, starting) || readGoalsHeader(reader, starting) || readIndicatorHeader(reader, starting)) return;
  if (starting.some((c) => fundsLabel(c.text))) return readFundsRow(reader, band, starting);
  if (reader.mode === 'goals') return readGoalsText(reader, band);
  if (reader.mode === 'indicators') {
    if (starting.some((c) => isTotalLabel(c.text))) {
      readTotals(reader.draft, reader.indicatorColumns, band);
      reader.mode = 'after';
    } else readIndicatorRow(reader.draft, reader.indicatorColumns, band);
  }
}

function readLabelledFields(reader: FormReader, band: Band, starting: BandCell[]): void {
  const { draft } = reader;
  for (const cell of starting) {
    const label = squash(cell.text);
    // The unit is printed in the funds block's label (项目资金（万元）); indicator names carry units of their own.
    const unit = reader.mode === 'header' || reader.mode === 'funds' ? /(资金|预算|金额).*[(（](万元|元)[)）]/.exec(label) : null;
    if (unit) draft.funds.unit = unit[2]!;
    const field = (Object.keys(FIELD_LABELS) as FieldLabel[]).find((k) => FIELD_LABELS[k].test(label));
    if (!field) continue;
    const value = nextCell(band, cell);
    const text = textOf(value);
    if (!value || (field === 'goal' && /^预期目标/.test(squash(text ?? '')))) continue;
    const path = field === 'goal' ? 'goals.expected' : field === 'deviationAnalysis' || field === 'improvement' ? `notes.${field}` : field;
    if (field === 'goal') draft.goals.expected ??= text;
    else if (field === 'deviationAnalysis' || field === 'improvement') draft.notes[field] ??= text;
    else draft[field] ??= text;
    note(draft, path, value);
  }
}

function readFundsHeader(reader: FormReader, starting: BandCell[]): boolean {
  const columns = starting
    .map((c) => [columnKey(FUNDS_COLUMNS, c.text), c] as const)
    .filter((p): p is readonly [FundsColumn, BandCell] => p[0] !== null);
  const amounts = columns.filter(([k]) => k === 'initialBudget' || k === 'annualBudget' || k === 'executed');
  if (amounts.length < 2) return false;
  reader.fundsColumns = columns.map(([k, c]) => [k, columnOf(c)]);
  reader.draft.amountColumns = amounts.map(([, c]) => c.text);
  reader.mode = 'funds';
  return true;
}

function readFundsRow(reader: FormReader, band: Band, starting: BandCell[]): void {
  const { draft } = reader;
  for (const cell of starting) {
    const label = fundsLabel(cell.text);
    if (!label) continue;
    const index = draft.funds.rows.length;
    const row = emptyFundsRow(label);
    draft.funds.rows.push(row);
    note(draft, `funds.rows[${index}].label`, cell);
    // Target forms print label/value pairs in one row (年度预算总额： 20 其中：财政拨款 20 其他资金： 0).
    const columns: [FundsColumn, BandCell | null][] = reader.fundsColumns.length
      ? reader.fundsColumns.map(([k, col]) => [k, cellUnder(band, col)])
      : [['annualBudget', nextCell(band, cell)]];
    for (const [key, value] of columns) {
      if (!value || value === cell) continue;
      row[key] = readNumber(draft, `funds.rows[${index}].${key}`, value, key === 'executionRate' ? parseRate : parseAmount);
      // A number cell printed with something that is not its number (100% under 全年执行数) keeps the print.
      if (row[key] === null && !isEmptyMark(value.text)) row[`${key}Raw`] = value.text;
      note(draft, `funds.rows[${index}].${key}`, value, true);
    }
    if (reader.fundsColumns.length) return;
  }
}

function readGoalsHeader(reader: FormReader, starting: BandCell[]): boolean {
  const expected = starting.find((c) => /^预期目标/.test(squash(c.text)));
  const actual = starting.find((c) => /^实际完成情况/.test(squash(c.text)));
  if (!expected || !actual) return false;
  reader.goalColumns = { expected: columnOf(expected), actual: columnOf(actual) };
  reader.mode = 'goals';
  return true;
}

function readGoalsText(reader: FormReader, band: Band): void {
  const { draft, goalColumns } = reader;
  for (const key of ['expected', 'actual'] as const) {
    const column = goalColumns[key];
    const cell = column && cellUnder(band, column);
    if (!cell?.starts || !textOf(cell)) continue;
    draft.goals[key] = draft.goals[key] ? draft.goals[key] + textOf(cell) : textOf(cell);
    note(draft, `goals.${key}`, cell);
  }
}

function readIndicatorHeader(reader: FormReader, starting: BandCell[]): boolean {
  const columns = starting
    .map((c) => [columnKey(INDICATOR_COLUMNS, c.text), c] as const)
    .filter((p): p is readonly [IndicatorColumn, BandCell] => p[0] !== null);
  if (!columns.some(([k]) => k === 'name') || columns.length < 3) return false;
  reader.indicatorColumns = columns.map(([k, c]) => [k, columnOf(c, squash(c.text))]);
  reader.mode = 'indicators';
  return true;
}

