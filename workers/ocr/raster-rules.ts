import type { Rule } from '../../schemas/index.ts';
import type { GrayImage } from './gray-image.ts';

export type RuleScan = {
  /** Grey level below which a pixel is ink. */
  threshold: number;
  /** Shortest horizontal run (pixels) that counts as a rule; characters' longest strokes are shorter. */
  minLength: number;
  /** Shortest vertical run: a one-row table's column rules are only a row high. */
  minHeight: number;
  /** Gaps (pixels) bridged inside a rule: scans break thin lines into dashes. */
  maxGap: number;
  /** Thickest line (pixels) that is still a rule. */
  maxThickness: number;
};

type Run = { at: number; from: number; to: number };

/**
 * Ruling lines of a (deskewed) page image, in pixels: long runs of ink along rows (horizontal rules) and
 * columns (vertical rules), runs on neighbouring rows merged into one line of some thickness.
 */
export function findRasterRules(image: GrayImage, scan: RuleScan): Rule[] {
  const { width: w, height: h, data } = image;
  const ink = (x: number, y: number) => data[y * w + x]! < scan.threshold;
  const rows: Run[] = [];
  for (let y = 0; y < h; y++) collectRuns(w, (x) => ink(x, y), y, scan, rows);
  const cols: Run[] = [];
  for (let x = 0; x < w; x++) collectRuns(h, (y) => ink(x, y), x, { ...scan, minLength: scan.minHeight }, cols);
  // A printed rule is a few pixels thick; thicker dark bands are shadows, stamps or filled areas.
  return [...mergeRuns(rows, 'h'), ...mergeRuns(cols, 'v')]
    .filter((r) => r.thickness <= scan.maxThickness)
    .map(({ axis, at, from, to }) => ({ axis, at, from, to }));
}

function collectRuns(length: number, isInk: (i: number) => boolean, at: number, scan: RuleScan, out: Run[]): void {
  let start = -1, lastInk = -1;
  for (let i = 0; i <= length; i++) {
    const dark = i < length && isInk(i);
    if (dark) {
      if (start < 0) start = i;
      lastInk = i;
    } else if (start >= 0 && (i === length || i - lastInk > scan.maxGap)) {
      if (lastInk - start + 1 >= scan.minLength) out.push({ at, from: start, to: lastInk + 1 });
      start = -1;
    }
  }
}

/** Runs on rows (or columns) at most 2 px apart that overlap along the axis are one printed line. */
function mergeRuns(runs: Run[], axis: 'h' | 'v'): (Rule & { thickness: number })[] {
  const open: Line[] = [];
  const done: (Rule & { thickness: number })[] = [];
  const sorted = runs.sort((a, b) => a.at - b.at || a.from - b.from);
  for (const run of sorted) {
    for (let k = open.length - 1; k >= 0; k--) {
      const line = open[k]!;
      if (run.at - line.last > 2) {
        done.push(toRule(line, axis));
        open.splice(k, 1);
      }
    }
    const line = open.find((l) => run.from < l.to && run.to > l.from);
    if (line) {
      line.last = run.at;
      line.from = Math.min(line.from, run.from);
      line.to = Math.max(line.to, run.to);
      line.sum += run.at;
      line.n++;
      line.ink += run.to - run.from;
    } else open.push({ first: run.at, last: run.at, from: run.from, to: run.to, sum: run.at, n: 1, ink: run.to - run.from });
  }
  for (const line of open) done.push(toRule(line, axis));
  return done;
}

type Line = { first: number; last: number; from: number; to: number; sum: number; n: number; ink: number };

function toRule(line: Line, axis: 'h' | 'v'): Rule & { thickness: number } {
  // Ink per unit of length: the true thickness even when a residual skew spreads the line over many rows.
  return { axis, at: line.sum / line.n + 0.5, from: line.from, to: line.to, thickness: line.ink / (line.to - line.from) };
}
