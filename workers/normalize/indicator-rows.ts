import { cellUnder, type Band, type BandCell, type Column } from '../grid/bands.ts';
import type { Indicator } from '../../schemas/index.ts';
import { emptyIndicator, note, readNumber, textOf, type FormDraft } from './form-draft.ts';
import { splitLevels, splitLevelWeight, type IndicatorColumn } from './labels.ts';
import { parseAmount } from '../values.ts';

type Columns = [IndicatorColumn, Column][];

/**
 * One indicator per band whose 三级指标 cell starts in it. 一级/二级 cells merged over several rows are
 * repeated on each; when a form runs over a page break the merged cell is left blank on the new page,
 * so a blank 一级/二级 at the top of a continued table carries the previous row's value over.
 */
export function readIndicatorRow(draft: FormDraft, columns: Columns, band: Band, combinedLevels = false): void {
  const cells = columns.map(([key, col]) => [key, col, cellUnder(band, col)] as const);
  const nameCell = cells.find(([k]) => k === 'name')?.[2] ?? null;
  if (nameCell && !nameCell.starts) return;
  const previous = draft.indicators[draft.indicators.length - 1];
  if (band.continued && band.row === 0 && previous && nameCell && !textOf(nameCell)) return continueRow(draft, previous, cells);
  const own = cells.filter(([k, , c]) => k !== 'level1' && k !== 'level2' && c?.starts && textOf(c));
  if (!own.length) return;
  const index = draft.indicators.length;
  const indicator = emptyIndicator();
  for (const [key, column, cell] of cells) {
    if (!cell) continue;
    const path = `indicators[${index}].${key === 'extra' ? `extra.${column.header}` : key}`;
    const text = textOf(cell);
    if (key === 'level1' || key === 'level2') {
      const carried = !text && band.continued && cell.row === 0 && previous ? previous[key] : null;
      indicator[key] = text ? levelName(draft, key, text) : carried;
    } else if (!cell.starts) continue;
    else if (key === 'weight' || key === 'score') indicator[key] = readNumber(draft, path, cell, parseAmount);
    else if (key === 'extra') indicator.extra[column.header] = text;
    else indicator[key] = text;
    note(draft, path, cell, key === 'weight' || key === 'score');
  }
  if (combinedLevels && indicator.name && indicator.level1 === null) Object.assign(indicator, splitLevels(indicator.name) ?? {});
  if (isPlaceholder(indicator)) indicator.extra['placeholder'] = true;
  draft.indicators.push(indicator);
}

/** Template rows left unfilled (`指标 1:` with nothing else): kept, but marked so checks can tell. */
const isPlaceholder = (i: Indicator): boolean =>
  /^指标\s*\d+\s*[:：]?$/.test(i.name ?? '') && i.target === null && i.actual === null && i.weight === null && i.score === null;

/** A row cut by a page break: the rest of its cells open the next page, under a blank 三级指标 cell. */
function continueRow(draft: FormDraft, previous: Indicator, cells: (readonly [IndicatorColumn, Column, BandCell | null])[]): void {
  for (const [key, column, cell] of cells) {
    const text = textOf(cell);
    if (!cell?.starts || !text || key === 'level1' || key === 'level2' || key === 'name') continue;
    draft.pages.add(cell.page);
    if (key === 'weight' || key === 'score') previous[key] ??= readNumber(draft, `indicators[${draft.indicators.length - 1}].${key}`, cell, parseAmount);
    else if (key === 'extra') previous.extra[column.header] = (previous.extra[column.header] ?? '') + text;
    else previous[key] = (previous[key] ?? '') + text;
  }
}

function levelName(draft: FormDraft, key: 'level1' | 'level2', text: string): string {
  const { name, weight } = splitLevelWeight(text);
  if (key === 'level1' && weight !== null) draft.level1Weights[name] = weight;
  return name;
}

/**
 * The 总分 row: the total weight under the 分值 column and the total score under 得分. One merged cell
 * under both is the score (`总分值、评价总分 (S) | 92.33`): a form prints its result, not its weights, there.
 */
export function readTotals(draft: FormDraft, columns: Columns, band: Band): void {
  const cellOf = (key: 'weight' | 'score'): BandCell | null => {
    const column = columns.find(([k]) => k === key)?.[1];
    return column ? cellUnder(band, column) : null;
  };
  const scoreCell = cellOf('score');
  const weightCell = cellOf('weight') === scoreCell ? null : cellOf('weight');
  if (weightCell) {
    draft.totalWeight = readNumber(draft, 'totalWeight', weightCell, parseAmount);
    note(draft, 'totalWeight', weightCell, true);
  }
  if (scoreCell) {
    draft.totalScore = readNumber(draft, 'totalScore', scoreCell, parseAmount);
    note(draft, 'totalScore', scoreCell, true);
  }
}
