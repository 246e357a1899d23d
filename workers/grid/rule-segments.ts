import type { Rule } from '../../schemas/index.ts';

/** Rules closer than this (points) across their axis are one line drawn twice or in pieces. */
const SAME_LINE = 1.5;
/** Pieces of one line may leave gaps this wide at cell corners. */
const JOIN_GAP = 3;

/**
 * Merges ruling lines that are one printed line: the same position across the axis and touching or
 * overlapping along it. Producers draw a table border as one stroke per cell side, often twice.
 */
export function mergeRules(rules: Rule[]): Rule[] {
  return (['h', 'v'] as const).flatMap((axis) => mergeAxis(rules.filter((r) => r.axis === axis)));
}

function mergeAxis(rules: Rule[]): Rule[] {
  const sorted = [...rules].sort((a, b) => a.at - b.at);
  const out: Rule[] = [];
  let group: Rule[] = [];
  const flush = () => {
    out.push(...joinAlong(group));
    group = [];
  };
  for (const rule of sorted) {
    if (group.length && rule.at - group[group.length - 1]!.at > SAME_LINE) flush();
    group.push(rule);
  }
  if (group.length) flush();
  return out;
}

function joinAlong(group: Rule[]): Rule[] {
  const at = group.reduce((s, r) => s + r.at, 0) / group.length;
  const sorted = [...group].sort((a, b) => a.from - b.from);
  const out: Rule[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + JOIN_GAP) last.to = Math.max(last.to, r.to);
    else out.push({ axis: r.axis, at, from: r.from, to: r.to });
  }
  return out;
}

/** Clusters positions closer than `tolerance` and returns each cluster's mean, ascending. */
export function clusterPositions(values: number[], tolerance: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0, n = 0, last = -Infinity;
  for (const v of sorted) {
    if (n && v - last > tolerance) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v;
    n++;
    last = v;
  }
  if (n) out.push(sum / n);
  return out;
}

/** How much of [from, to] the rules at position `at` (± tolerance) cover, as a share 0–1. */
export function coverage(rules: Rule[], at: number, from: number, to: number, tolerance = 2): number {
  const span = to - from;
  if (span <= 0) return 0;
  const pieces = rules
    .filter((r) => Math.abs(r.at - at) <= tolerance && r.to > from && r.from < to)
    .map((r) => [Math.max(from, r.from), Math.min(to, r.to)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0, end = from;
  for (const [a, b] of pieces) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / span;
}
