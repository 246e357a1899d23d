import type { Column } from '../grid/bands.ts';
import type { Frame } from './column-frame.ts';
import { newDraft, type FormDraft } from './form-draft.ts';
import type { GoalColumn } from './goals.ts';
import type { FundsColumn, IndicatorColumn } from './labels.ts';
import type { Listing } from './listing.ts';

export type Mode = 'header' | 'funds' | 'goals' | 'indicators' | 'after';

/**
 * Reads one form's bands in order; the blocks of the form are found by their printed labels, not positions.
 * A listing (one table of many projects, each with its own indicator rows) gives a draft per project.
 */
export type FormReader = {
  draft: FormDraft;
  /** Every draft this reader produced: one, or one per project of a listing. */
  drafts: FormDraft[];
  mode: Mode;
  fundsColumns: [FundsColumn, Column][];
  /** Label/value funds blocks printing two groups side by side: the column of the group the record takes. */
  fundsGroup: Column | null;
  /** Funds printed as columns (预算支出总额 | 财政拨款 | 其他资金) until their figures are read. */
  fundsByColumn: { label: string; column: Column }[] | null;
  goalColumns: GoalColumn[];
  indicatorColumns: [IndicatorColumn, Column][];
  /** The name column holds level 1, level 2 and name run together (`产出指标数量指标…`). */
  combinedLevels: boolean;
  listing: Listing | null;
  /** The form's first table, which later tables are lined up with. */
  frame: Frame | null;
};

export const newReader = (draft: FormDraft): FormReader => ({
  draft, drafts: [draft], mode: 'header', fundsColumns: [], fundsGroup: null, fundsByColumn: null, goalColumns: [], indicatorColumns: [],
  combinedLevels: false, listing: null, frame: null,
});

/** Starts another form with this reader's heading (a listing's next project). */
export function nextDraft(reader: FormReader, page: number): FormDraft {
  const { draft } = reader;
  const next = newDraft(page, draft.formType);
  Object.assign(next, { title: draft.title, fiscalYear: draft.fiscalYear, annex: draft.annex });
  next.funds.unit = draft.funds.unit;
  reader.drafts.push(next);
  reader.draft = next;
  return next;
}

