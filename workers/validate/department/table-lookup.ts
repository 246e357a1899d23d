import type { BudgetTable, BudgetTableColumn } from '../../../schemas/index.ts';
import { labelList, normalizeLabel, normalizeText, normalizeTitle } from './labels.ts';
import type { Labels, RowRef, TableSpec } from './table-spec.ts';
import { TABLE_SPECS } from './table-specs.ts';

/** The spec whose title is part of the printed title; the longest wins, so a more specific title beats a shorter one. */
export function findTableSpec(title: string, specs: readonly TableSpec[] = TABLE_SPECS): TableSpec | undefined {
  const printed = normalizeTitle(title);
  return specs
    .filter((spec) => printed.includes(normalizeTitle(spec.title)))
    .reduce<TableSpec | undefined>((best, spec) => (best && best.title.length >= spec.title.length ? best : spec), undefined);
}

/**
 * A spec column in a table: by key, else by the one column whose header is a listed header. A header that
 * two columns share (表1 prints `预算数` on both sides) matches neither.
 */
export function resolveColumn(table: BudgetTable, spec: TableSpec, key: string): BudgetTableColumn | undefined {
  const byKey = table.columns.find((column) => column.key === key);
  if (byKey) return byKey;
  const headers = new Set((spec.columns[key] ?? []).map(normalizeText));
  const byHeader = table.columns.filter((column) => headers.has(normalizeText(column.header)));
  return byHeader.length === 1 ? byHeader[0] : undefined;
}

type RowSpec = { labels: Labels; after?: Labels; orSumOf?: readonly Labels[] };

const isLabels = (ref: RowRef): ref is Labels => typeof ref === 'string' || Array.isArray(ref);

/** A bare label (list) is a row ref with neither `after` nor `orSumOf`. */
export const asRowSpec = (ref: RowRef): RowSpec => (isLabels(ref) ? { labels: ref } : ref);

/** Index of the first row whose name is one of the labels, at or after `from`. */
export function findLabelledRow(table: BudgetTable, labels: Labels, from = 0): number | undefined {
  const wanted = new Set(labelList(labels).map(normalizeLabel));
  const index = table.rows.findIndex((row, i) => i >= from && wanted.has(normalizeLabel(row.name)));
  return index < 0 ? undefined : index;
}

/**
 * The row a spec means. A label printed twice is the first one, or the first below `after` (表1 lists
 * `一般公共预算拨款` as item 1 and again under 财政拨款结转); without an `after` row the ref finds nothing.
 */
export function findRow(table: BudgetTable, ref: RowRef): number | undefined {
  const { labels, after } = asRowSpec(ref);
  if (after === undefined) return findLabelledRow(table, labels);
  const anchor = findLabelledRow(table, after);
  return anchor === undefined ? undefined : findLabelledRow(table, labels, anchor + 1);
}

/** The first label, for messages. */
export const rowRefLabel = (ref: RowRef): string => labelList(asRowSpec(ref).labels)[0] ?? '';
