import type { BBox, Rule } from '../../schemas/index.ts';
import { checkDeadline } from '../step-deadline.ts';
import { clusterPositions, coverage, mergeRules } from './rule-segments.ts';

/** A table's grid before text: edges and the (merged) cells as spans of atomic grid cells. */
export type Grid = {
  bbox: BBox;
  rowEdges: number[];
  colEdges: number[];
  rules: Rule[];
  cells: { row: number; col: number; rowSpan: number; colSpan: number; bbox: BBox }[];
};

const TOUCH = 2.5;
const EDGE_TOLERANCE = 2;
/** A boundary between two grid cells exists when rules cover this share of it. */
const SEPARATES = 0.6;
/** Row or column bands thinner than this are double lines or drawing noise, not cells. */
const MIN_BAND = 3;

/** The same tolerance `coverage` applies by default: a rule this close to an edge draws on it. */
const ON_EDGE = 2;

/**
 * Finds ruled tables: groups of crossing horizontal and vertical rules, each rebuilt into a grid with merged cells.
 * The work grows with the rules and edges of a page, so its loops give up at the step's deadline (`checkDeadline`).
 */
export function findGrids(raw: Rule[]): Grid[] {
  const rules = mergeRules(raw);
  return connectedGroups(rules)
    .filter((g) => g.some((r) => r.axis === 'h') && g.some((r) => r.axis === 'v'))
    .map(buildGrid)
    .filter((g): g is Grid => g !== null)
    .sort((a, b) => a.bbox[1] - b.bbox[1]);
}

function crosses(h: Rule, v: Rule): boolean {
  return h.at >= v.from - TOUCH && h.at <= v.to + TOUCH && v.at >= h.from - TOUCH && v.at <= h.to + TOUCH;
}

function connectedGroups(rules: Rule[]): Rule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const hs = rules.map((r, i) => [r, i] as const).filter(([r]) => r.axis === 'h');
  // Verticals by position: a horizontal can only cross those between its ends, found by binary search.
  const vs = rules.map((r, i) => [r, i] as const).filter(([r]) => r.axis === 'v').sort(([a], [b]) => a.at - b.at);
  for (const [h, i] of hs) {
    checkDeadline();
    for (let k = firstAtOrAfter(vs, h.from - TOUCH); k < vs.length && vs[k]![0].at <= h.to + TOUCH; k++) {
      const [v, j] = vs[k]!;
      if (crosses(h, v)) parent[find(i)] = find(j);
    }
  }
  // The groups, and the rules in each, in the order of `rules`: which root a group has does not matter.
  const groups = new Map<number, Rule[]>();
  rules.forEach((r, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(r);
    else groups.set(root, [r]);
  });
  return [...groups.values()];
}

/** Index of the first of `sorted` (by position) at or after `at`. */
function firstAtOrAfter(sorted: (readonly [Rule, number])[], at: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]![0].at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildGrid(rules: Rule[]): Grid | null {
  const hs = rules.filter((r) => r.axis === 'h');
  const vs = rules.filter((r) => r.axis === 'v');
  const left = Math.min(...hs.map((r) => r.from)), right = Math.max(...hs.map((r) => r.to));
  const top = Math.min(...vs.map((r) => r.from)), bottom = Math.max(...vs.map((r) => r.to));
  // Tables drawn without outer side borders still have their rows' ends: take those as edges.
  const colEdges = dropThinBands(clusterPositions([...vs.map((r) => r.at), left, right], EDGE_TOLERANCE));
  const rowEdges = dropThinBands(clusterPositions([...hs.map((r) => r.at), top, bottom], EDGE_TOLERANCE));
  if (colEdges.length < 2 || rowEdges.length < 2) return null;
  const nr = rowEdges.length - 1, nc = colEdges.length - 1;
  const parent = Array.from({ length: nr * nc }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const join = (a: number, b: number) => (parent[find(a)] = find(b));
  // The rules on each edge, once, rather than every rule for every cell side: `coverage` keeps only these anyway.
  const onColEdge = colEdges.map((e) => vs.filter((r) => Math.abs(r.at - e) <= ON_EDGE));
  const onRowEdge = rowEdges.map((e) => hs.filter((r) => Math.abs(r.at - e) <= ON_EDGE));
  for (let r = 0; r < nr; r++) {
    checkDeadline();
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && coverage(onColEdge[c + 1]!, colEdges[c + 1]!, rowEdges[r]!, rowEdges[r + 1]!) < SEPARATES) join(r * nc + c, r * nc + c + 1);
      if (r + 1 < nr && coverage(onRowEdge[r + 1]!, rowEdges[r + 1]!, colEdges[c]!, colEdges[c + 1]!) < SEPARATES) join(r * nc + c, (r + 1) * nc + c);
    }
  }
  const spans = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const root = find(r * nc + c);
      const s = spans.get(root);
      if (!s) spans.set(root, { r0: r, r1: r, c0: c, c1: c });
      else Object.assign(s, { r0: Math.min(s.r0, r), r1: Math.max(s.r1, r), c0: Math.min(s.c0, c), c1: Math.max(s.c1, c) });
    }
  }
  const cells = [...spans.values()]
    .map(({ r0, r1, c0, c1 }) => ({
      row: r0, col: c0, rowSpan: r1 - r0 + 1, colSpan: c1 - c0 + 1,
      bbox: [colEdges[c0]!, rowEdges[r0]!, colEdges[c1 + 1]!, rowEdges[r1 + 1]!] as BBox,
    }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const bbox: BBox = [colEdges[0]!, rowEdges[0]!, colEdges[nc]!, rowEdges[nr]!];
  return { bbox, rowEdges, colEdges, rules, cells };
}

function dropThinBands(edges: number[]): number[] {
  const out: number[] = [];
  for (const e of edges) if (!out.length || e - out[out.length - 1]! >= MIN_BAND) out.push(e);
  return out;
}
