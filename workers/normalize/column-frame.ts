import type { Table } from '../../schemas/index.ts';
import type { Column } from '../grid/bands.ts';
import type { FormReader } from './reader-state.ts';

/** How close (pt) a continued table's column edge must come to a known one to count as the same edge. */
const EDGE_MATCH = 2.5;

/** Where a form's first table sat: its columns are measured from `left`. */
export type Frame = { left: number; width: number };

/**
 * The x a continued table's columns are measured from. Usually its own left edge (a scan shifts the whole
 * table); but a continuation page may leave out the form's leftmost columns (a block label column, empty
 * there), so its left edge is elsewhere while its right edge and the columns it does print stay put. Each
 * way of lining the table up is tried, and the one that puts most of its column edges on the columns
 * already known wins; on a tie the table's own left edge.
 */
export function frameLeft(reader: FormReader, table: Table): number {
  const known = knownColumns(reader).flatMap((c) => [c.x0, c.x1]);
  const own = table.bbox[0];
  if (!reader.frame || !known.length) return own;
  const candidates = [own, table.bbox[2] - reader.frame.width, reader.frame.left];
  const fit = (left: number) => table.colEdges.filter((e) => known.some((k) => Math.abs(e - left - k) <= EDGE_MATCH)).length;
  return candidates.reduce((best, c) => (fit(c) > fit(best) ? c : best), own);
}

function knownColumns(reader: FormReader): Column[] {
  return [
    ...reader.indicatorColumns.map(([, c]) => c),
    ...reader.fundsColumns.map(([, c]) => c),
    ...reader.goalColumns.map((g) => g.column),
    ...(reader.listing ? [reader.listing.name, ...reader.listing.funds.map((f) => f.column), ...(reader.listing.goal ? [reader.listing.goal] : [])] : []),
  ];
}
