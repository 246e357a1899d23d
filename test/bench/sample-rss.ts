import { treeRss } from '../fixtures/process-tree.ts';

export type RssSampler = { stop: () => number };

/**
 * Peak RSS of this process and its extraction processes together, over a stretch of the run, sampled every
 * `everyMs`. maxRSS only ever grows and counts one process, so it cannot tell which phase (concurrency 1 or 2)
 * reached the peak. Samples are late when the main thread is busy normalizing: a lower bound on the true peak.
 */
export function sampleRss(everyMs = 20): RssSampler {
  let peak = treeRss(process.pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRss(process.pid));
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treeRss(process.pid));
    },
  };
}
