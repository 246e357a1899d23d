import { cellUnder, columnOf, type Band, type BandCell, type Column } from '../grid/bands.ts';
import { note, textOf } from './form-draft.ts';
import { squash } from './labels.ts';
import type { FormReader } from './reader-state.ts';

/** A column of the goals block: 预期目标 → `expected`, 实际完成情况 → `actual`, others kept in `extra` under their header. */
export type GoalColumn = { key: 'expected' | 'actual' | 'extra'; column: Column };

/** Headers of the goals block (预期目标 | 实际完成情况; 项目总目标 | 年度总体目标; 年度目标). */
const GOAL_HEADER = /^(预期目标|(年度|项目|整体)?(总体|总|整体)?(绩效)?目标)$|实际完成情况$/;
const ACTUAL = /实际完成情况$/;

export const isGoalHeader = (text: string): boolean => GOAL_HEADER.test(squash(text));

/**
 * A band of goal headers only, with text expected in the band(s) below. A header cell merged down over
 * the rows below at the block's left edge is the block's label (年度总体目标 beside 预期目标 | 实际完成情况),
 * not a column. The expected goal is 预期目标, else the year's goal (年度总体目标), else the only one.
 */
export function readGoalsHeader(reader: FormReader, starting: BandCell[]): boolean {
  const printed = starting.filter((c) => squash(c.text) !== '');
  if (!printed.length) return false;
  const left = Math.min(...printed.map((c) => c.col));
  // The block's label at the left edge, merged down over the text below (its words may be cut by a page break).
  const label = (c: BandCell) => c.col === left && printed.length > 1 && (c.rowSpan > 1 || !isGoalHeader(c.text));
  const headers = printed.filter((c) => !label(c));
  if (!headers.length || !headers.every((c) => isGoalHeader(c.text))) return false;
  const goals = headers.filter((c) => !ACTUAL.test(squash(c.text)));
  const expected = goals.find((c) => /^预期目标$/.test(squash(c.text))) ?? goals.find((c) => /^年度/.test(squash(c.text))) ?? (goals.length === 1 ? goals[0] : undefined);
  const actual = headers.find((c) => ACTUAL.test(squash(c.text)));
  if (!expected && !actual) return false;
  reader.goalColumns = headers.map((c) => ({
    key: c === expected ? 'expected' : c === actual ? 'actual' : 'extra',
    column: columnOf(c, squash(c.text)),
  }));
  reader.mode = 'goals';
  return true;
}

export function readGoalsText(reader: FormReader, band: Band): void {
  const { draft, goalColumns } = reader;
  for (const { key, column } of goalColumns) {
    const cell = cellUnder(band, column);
    const text = textOf(cell);
    if (!cell?.starts || !text) continue;
    if (key === 'extra') {
      draft.extra[column.header] = ((draft.extra[column.header] as string | undefined) ?? '') + text;
      continue;
    }
    draft.goals[key] = draft.goals[key] ? draft.goals[key] + text : text;
    note(draft, `goals.${key}`, cell);
  }
}
