import { columnOf, nextCell, type Band, type BandCell } from '../grid/bands.ts';
import { note, textOf } from './form-draft.ts';
import { readFundsByColumn, readFundsColumnsHeader, readFundsHeader, readFundsRow } from './funds-rows.ts';
import { isGoalHeader, readGoalsHeader, readGoalsText } from './goals.ts';
import { readIndicatorRow, readTotals } from './indicator-rows.ts';
import {
  columnKey, COMBINED_INDICATOR, FIELD_LABELS, fundsLabel, headerText, INDICATOR_COLUMNS, isTotalLabel, squash,
  type FieldLabel, type IndicatorColumn,
} from './labels.ts';
import { readListingBand, startListing } from './listing.ts';
import { reportUnknownColumns } from './unknown-columns.ts';
import { nextDraft, type FormReader } from './reader-state.ts';

export function readBand(reader: FormReader, band: Band): void {
  if (reader.listing) return readListingBand(reader, band);
  const starting = band.cells.filter((c) => c.starts);
  readLabelledFields(reader, band, starting);
  // After the 总分 row only the notes rows belong to the form: a later table with no header of its own (an
  // evaluation report's indicator table) is not more of its indicators.
  if (reader.mode === 'after') return;
  if (readFundsHeader(reader, band) || readFundsColumnsHeader(reader, band) || readGoalsHeader(reader, starting) || readIndicatorHeader(reader, starting)) return;
  if (readFundsByColumn(reader, band)) return;
  if ((reader.mode === 'header' || reader.mode === 'funds') && starting.some((c) => fundsLabel(c.text))) return readFundsRow(reader, band, starting);
  if (reader.mode === 'goals') return readGoalsText(reader, band);
  if (reader.mode === 'indicators') {
    if (starting.some((c) => isTotalLabel(c.text))) {
      readTotals(reader.draft, reader.indicatorColumns, band);
      reader.mode = 'after';
    } else readIndicatorRow(reader.draft, reader.indicatorColumns, band, reader.combinedLevels);
  }
}

/** A cell that is itself a label or header, so it is not the value of the label left of it. */
export function isLabelText(text: string): boolean {
  const t = headerText(text);
  return t !== '' && (fundsLabel(text) !== null || isGoalHeader(text) || columnKey(INDICATOR_COLUMNS, text) !== null
    || Object.values(FIELD_LABELS).some((re) => re.test(t)));
}

function readLabelledFields(reader: FormReader, band: Band, starting: BandCell[]): void {
  const { draft } = reader;
  for (const cell of starting) {
    const label = squash(cell.text);
    // The unit is printed in the funds block's label (项目资金（万元）); indicator names carry units of their own.
    const unit = reader.mode === 'header' || reader.mode === 'funds' ? /(资金|预算|金额).*[(（](万元|元)[)）]/.exec(label) : null;
    if (unit) draft.funds.unit = unit[2]!;
    const field = (Object.keys(FIELD_LABELS) as FieldLabel[]).find((k) => FIELD_LABELS[k].test(label));
    if (!field || (field === 'goal' && reader.mode === 'indicators')) continue;
    const value = nextCell(band, cell);
    const text = textOf(value);
    if (!value || !text || isLabelText(text)) continue;
    if (field === 'projectName' && startsAnotherForm(reader, text, band.page)) return readLabelledFields(reader, band, starting);
    if (field === 'projectName' && !/^项目名称/.test(label) && draft.formType.startsWith('department')) {
      // A department-level form's 专项名称 names the budget line it reports under, not a project.
      draft.extra[label.replace(/[:：]$/, '')] = text;
      continue;
    }
    const path = field === 'goal' ? 'goals.expected' : field === 'deviationAnalysis' || field === 'improvement' ? `notes.${field}` : field;
    if (field === 'goal') draft.goals.expected ??= text;
    else if (field === 'deviationAnalysis' || field === 'improvement') draft.notes[field] ??= text;
    else draft[field] ??= text;
    note(draft, path, value);
  }
}

/**
 * Forms printed back to back in one table: a 项目名称 naming another project once this form is past its
 * header starts the next form there, with this one's heading.
 */
function startsAnotherForm(reader: FormReader, name: string, page: number): boolean {
  const current = reader.draft.projectName;
  if (reader.mode === 'header' || current === null || squash(current) === squash(name)) return false;
  nextDraft(reader, page);
  Object.assign(reader, { mode: 'header', fundsColumns: [], fundsGroup: null, fundsByColumn: null, goalColumns: [], indicatorColumns: [], combinedLevels: false });
  return true;
}

/**
 * The indicator block's header: a band naming the indicator column (三级指标, 指标名称, or a combined 绩效指标)
 * and at least two more. A header that also names 项目名称 heads a listing of projects. Headers no rule
 * knows are reported in `problems` and their columns left unread: a guess would put text in the wrong field.
 */
function readIndicatorHeader(reader: FormReader, starting: BandCell[]): boolean {
  const keyed = starting.map((c) => [columnKey(INDICATOR_COLUMNS, c.text), c] as const);
  let columns = keyed.filter((p): p is readonly [IndicatorColumn, BandCell] => p[0] !== null);
  let combined = false;
  if (!columns.some(([k]) => k === 'name')) {
    const cell = starting.find((c) => COMBINED_INDICATOR.test(headerText(c.text)) && c.rowSpan === 1);
    if (cell) {
      columns = [...columns, ['name', cell] as const];
      combined = true;
    }
  }
  if (!columns.some(([k]) => k === 'name') || columns.length < 3) return false;
  if (starting.some((c) => FIELD_LABELS.projectName.test(squash(c.text)))) {
    startListing(reader, starting, columns);
    return true;
  }
  reader.indicatorColumns = columns.map(([k, c]) => [k, columnOf(c, squash(c.text))]);
  reader.combinedLevels = combined;
  reader.mode = 'indicators';
  reportUnknownColumns(reader.draft, 'indicators', keyed.filter(([k]) => k === null).map(([, c]) => c).filter((c) => !(combined && COMBINED_INDICATOR.test(headerText(c.text)))));
  return true;
}
