export type Summary = { median: number; min: number; max: number };

/** Median and range: with 3–5 passes on a noisy 2-vCPU VM a mean would be dragged by the one slow pass. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Pages per second of each pass, from its wall time. */
export const pagesPerSecond = (pages: number, passMs: readonly number[]): number[] => passMs.map((ms) => pages / (ms / 1000));
