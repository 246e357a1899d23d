import { createRequire } from 'node:module';
import type { CrawlItem } from '../../schemas/index.ts';
import type { Fetcher } from './fetcher.ts';

// robots-parser is CommonJS with `module.exports = fn` and declares an ES default export: required, typed here.
type Robot = { isAllowed: (url: string, ua?: string) => boolean | undefined; getCrawlDelay: (ua?: string) => number | undefined };
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robot;

export type Robots = {
  /** Whether robots.txt lets jixiao fetch the URL. */
  allows: (url: string) => boolean;
  /** The Crawl-delay it asks of jixiao, in ms, if any. */
  crawlDelayMs: number | null;
};

/** The name robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'jixiao';

const ROBOTS_BYTES = 512 * 1024;

/**
 * A host's robots.txt, fetched once per run (paced like any request to the host). A missing file (4xx) allows
 * everything, as the standard says; a server error or no answer at all disallows the host for this run (RFC 9309
 * §2.3.1.4: the crawler must assume complete disallow when the file is unreachable).
 */
export async function fetchRobots(fetcher: Fetcher, origin: string): Promise<{ robots: Robots; item: CrawlItem }> {
  const url = new URL('/robots.txt', origin).href;
  const fetched = await fetcher.get(url, { maxBytes: ROBOTS_BYTES });
  const item = (outcome: CrawlItem['outcome'], status: number | null, reason: string | null, bytes = 0): CrawlItem =>
    ({ url, kind: 'robots', outcome, status, documentId: null, reason, referrer: null, linkText: null, bytes });
  if (fetched.kind === 'ok') {
    const parsed = robotsParser(url, new TextDecoder('utf-8').decode(fetched.bytes));
    const delay = parsed.getCrawlDelay(ROBOTS_AGENT);
    return {
      robots: { allows: (u) => parsed.isAllowed(u, ROBOTS_AGENT) !== false, crawlDelayMs: delay !== undefined && delay > 0 ? Math.min(delay, 600) * 1000 : null },
      item: item('fetched', fetched.status, null, fetched.bytes.length),
    };
  }
  if (fetched.kind === 'http-error' && fetched.status >= 400 && fetched.status < 500) {
    return { robots: { allows: () => true, crawlDelayMs: null }, item: item('fetched', fetched.status, `no robots.txt (HTTP ${fetched.status}): everything allowed`) };
  }
  const reason = fetched.kind === 'not-modified' ? 'HTTP 304' : fetched.reason;
  return { robots: { allows: () => false, crawlDelayMs: null }, item: item('failed', fetched.status, `robots.txt unreachable (${reason}): the host is not crawled this run`) };
}
