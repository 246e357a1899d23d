import { cellUnder, columnOf, type Band, type BandCell, type Column } from '../grid/bands.ts';
import { emptyFundsRow, note, textOf } from './form-draft.ts';
import { readFundsCell } from './funds-rows.ts';
import { readIndicatorRow } from './indicator-rows.ts';
import { FIELD_LABELS, fundsLabel, squash, type IndicatorColumn } from './labels.ts';
import { nextDraft, type FormReader } from './reader-state.ts';

/**
 * A 绩效目标表 that lists many projects in one table (Beijing 预算12表): 项目名称 | 项目总额 | 其中 财政资金 |
 * 其他资金 | 绩效目标 | 一级 | 二级 | 三级 | 指标值 … with each project's name, amounts and goal merged down
 * over its indicator rows. Every project is a record of its own.
 */
export type Listing = {
  name: Column;
  funds: { label: string; column: Column }[];
  goal: Column | null;
  /** A project has been started (the reader's first draft is taken by the first project). */
  open: boolean;
};

const LISTING_GOAL = /^(绩效目标|年度(绩效)?目标|项目(绩效)?目标|(年度)?总体目标)$/;

export function startListing(reader: FormReader, starting: BandCell[], columns: readonly (readonly [IndicatorColumn, BandCell])[]): void {
  const name = starting.find((c) => FIELD_LABELS.projectName.test(squash(c.text)))!;
  const goal = starting.find((c) => LISTING_GOAL.test(squash(c.text)));
  reader.listing = {
    name: columnOf(name),
    funds: starting.flatMap((c) => (fundsLabel(c.text) ? [{ label: fundsLabel(c.text)!, column: columnOf(c) }] : [])),
    goal: goal ? columnOf(goal) : null,
    open: false,
  };
  reader.indicatorColumns = columns.map(([k, c]) => [k, columnOf(c, squash(c.text))]);
  reader.mode = 'indicators';
}

export function readListingBand(reader: FormReader, band: Band): void {
  const listing = reader.listing!;
  const starting = band.cells.filter((c) => c.starts && textOf(c));
  // The header's second row: the parts of a split amount column (其中： 财政资金 | 其他资金).
  if (!listing.open && starting.length && starting.every((c) => fundsLabel(c.text))) {
    listing.funds.push(...starting.map((c) => ({ label: fundsLabel(c.text)!, column: columnOf(c) })));
    return;
  }
  const nameCell = cellUnder(band, listing.name);
  if (nameCell?.starts) readProject(reader, band, nameCell);
  if (listing.open) readIndicatorRow(reader.draft, reader.indicatorColumns, band, reader.combinedLevels);
}

/**
 * A project's merged name cell starts in this band. It continues the current project when it is printed
 * again at the top of the next page (the same name, or the name the foot of the last page cut off), and
 * starts the next project anywhere else.
 */
function readProject(reader: FormReader, band: Band, nameCell: BandCell): void {
  const listing = reader.listing!;
  const name = textOf(nameCell);
  const current = reader.draft.projectName;
  const top = band.continued && band.row === 0;
  const a = squash(name ?? ''), b = squash(current ?? '');
  // Either may be cut short: the foot of the last page or a one-row part here holds only the name's start.
  const same = listing.open && (top ? !a || !b || a.startsWith(b) || b.startsWith(a) : !!a && a === b);
  if (listing.open && !same) nextDraft(reader, band.page);
  listing.open = true;
  const { draft } = reader;
  if (name && (!draft.projectName || squash(name).length > squash(draft.projectName).length)) {
    // A project whose name the last page's foot cut off entirely starts where its name is printed.
    if (!draft.projectName) draft.page = band.page;
    draft.projectName = name;
    note(draft, 'projectName', nameCell);
  }
  listing.funds.forEach(({ label, column }, i) => {
    const row = (draft.funds.rows[i] ??= emptyFundsRow(label));
    const cell = cellUnder(band, column);
    if (cell?.starts && row.annualBudget === null) readFundsCell(draft, i, 'annualBudget', cell);
  });
  const goalCell = listing.goal && cellUnder(band, listing.goal);
  const goal = textOf(goalCell ?? null);
  if (goalCell?.starts && goal) {
    const before = draft.goals.expected;
    // Printed again in full, or the rest of a goal the page foot cut: keep the whole text once.
    draft.goals.expected = !before || squash(goal).startsWith(squash(before)) ? goal : squash(before).includes(squash(goal)) ? before : before + goal;
    note(draft, 'goals.expected', goalCell);
  }
}
