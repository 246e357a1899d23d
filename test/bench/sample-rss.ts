export type RssSampler = { stop: () => number };

/**
 * Peak RSS over a stretch of the run, sampled every `everyMs`. maxRSS only ever grows, so it cannot tell
 * which phase (concurrency 1 or 2) reached the peak. Samples are late when the main thread is busy
 * normalizing, so this is a lower bound on the phase's true peak.
 */
export function sampleRss(everyMs = 20): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}
