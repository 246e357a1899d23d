import { randomUUID } from 'node:crypto';
import type { CrawlItem, CrawlOutcome, CrawlReport, CrawlSource, CrawlUrlState, DocumentId, StageName } from '../../schemas/index.ts';
import type { Log } from '../../workers/stage.ts';
import type { Store } from '../store/store.ts';
import { addressPolicy } from './address-guard.ts';
import { decodeHtml } from '../../workers/extract/office/decode-html.ts';
import { detectFormat } from '../../workers/extract/office/detect-format.ts';
import { createFetcher, type Fetched } from './fetcher.ts';
import { documentFileName } from './file-name.ts';
import { load } from 'cheerio';
import { pageLinks, pageTitle } from './page-links.ts';
import { fetchRobots, type Robots } from './robots.ts';

export type CrawlDeps = {
  store: Store;
  /** Runs or queues stored documents from a stage, as `ingest` and `submit` do. */
  submit: (work: ReadonlyMap<DocumentId, StageName>) => Promise<void>;
  /** `jixiao/0.1.0 (+https://…)`: names jixiao and where to reach its operator. */
  userAgent: string;
  log: Log;
  /** First wait before retrying a request. @default 2000 */
  backoffMs?: number;
};

/** A listing page is HTML: a few megabytes at most, whatever a source allows documents. */
const LISTING_MAX_BYTES = 20 * 1048576;

type Link = { url: string; depth: number; referrer: string | null; text: string | null };

/**
 * One run over one source: from its listing pages, breadth first within `maxDepth` and `maxPages`, every link
 * that is a document is fetched (conditionally, by the validators kept from the last run), checked by its
 * content, stored by its sha256 with where it was found, and handed to the pipeline; robots.txt decides what may
 * be requested at all. Every URL's outcome goes into the report, which is stored and returned. A URL that fails
 * never stops the run.
 */
export async function crawlSource(source: CrawlSource, deps: CrawlDeps): Promise<CrawlReport> {
  const { store, log } = deps;
  const started = new Date();
  const fetcher = createFetcher({
    userAgent: deps.userAgent, allows: addressPolicy(source.allowPrivate), timeoutMs: source.timeoutSeconds * 1000,
    attempts: source.attempts, delayMs: source.delaySeconds * 1000, backoffMs: deps.backoffMs,
  });
  const items: CrawlItem[] = [];
  const maxBytes = Math.round(source.maxMegabytes * 1048576);
  const hosts = new Set(source.startUrls.map((u) => new URL(u).host));
  const listingPatterns = source.follow.listings.map((p) => new RegExp(p, 'iu'));
  const attachmentPatterns = source.follow.attachments.map((p) => new RegExp(p, 'iu'));
  const inScope = (url: string) => !source.follow.sameHost || hosts.has(new URL(url).host);
  const isDocument = (url: string) => attachmentPatterns.some((re) => re.test(url));
  const isListing = (url: string) => listingPatterns.length === 0 || listingPatterns.some((re) => re.test(url));

  const robotsByOrigin = new Map<string, Robots>();
  async function allowed(url: string): Promise<boolean> {
    const { origin, host } = new URL(url);
    let robots = robotsByOrigin.get(origin);
    if (!robots) {
      const found = await fetchRobots(fetcher, origin);
      items.push(found.item);
      robots = found.robots;
      robotsByOrigin.set(origin, robots);
      if (robots.crawlDelayMs !== null) fetcher.setHostDelay(host, robots.crawlDelayMs);
    }
    return robots.allows(url);
  }

  /** Keeps where a document was found: this link, the page with it, its text, the source's hint. */
  const foundAt = (documentId: string, link: Link) => store.addDocumentSource({
    documentId, url: link.url, source: source.name, referrer: link.referrer, linkText: link.text, hint: source.hint ?? null, firstSeen: new Date().toISOString(),
  });

  const record = (link: Link, kind: CrawlItem['kind'], outcome: CrawlOutcome, fields: Partial<CrawlItem> = {}) =>
    items.push({ url: link.url, kind, outcome, status: null, documentId: null, reason: null, referrer: link.referrer, linkText: link.text, bytes: 0, ...fields });

  /** Bytes that arrived for a document link (or a listing link that turned out to be one). */
  async function take(link: Link, fetched: Extract<Fetched, { kind: 'ok' }>, before: CrawlUrlState | null): Promise<void> {
    const bytes = fetched.bytes.length;
    const detected = detectFormat(fetched.bytes);
    const keep = (outcome: CrawlOutcome, documentId: string | null) => store.saveCrawlUrl({
      url: link.url, source: source.name, etag: documentId ? (fetched.headers['etag'] ?? null) : null,
      lastModified: documentId ? (fetched.headers['last-modified'] ?? null) : null, documentId, status: fetched.status, outcome, fetchedAt: new Date().toISOString(),
    });
    // A web page at a document link is a disclosure published as a page when it holds a table; portals answer
    // a missing file or a login with a page too, and those hold none.
    const html = detected.format === 'html' ? decodeHtml(fetched.bytes, fetched.headers['content-type'] ?? null).text : null;
    if (!detected.format || (html !== null && !holdsTable(html))) {
      const reason = html !== null ? `an HTML page ("${pageTitle(html).slice(0, 80)}") without a table was served, not a document` : ('reason' in detected ? detected.reason : 'not a document');
      await keep('failed', null);
      record(link, 'document', 'failed', { status: fetched.status, reason, bytes });
      return;
    }
    const { info, created } = await store.putDocument({ fileName: documentFileName(fetched.url, fetched.headers['content-disposition'] ?? null, link.text), bytes: fetched.bytes });
    const outcome: CrawlOutcome = before?.documentId === info.id ? 'unchanged' : before?.documentId ? 'changed' : created ? 'new' : 'duplicate';
    await foundAt(info.id, link);
    await keep(outcome, info.id);
    record(link, 'document', outcome, { status: fetched.status, documentId: info.id, bytes });
    // A document stored before and never finished (a crash, a failure) is run again as `ingest` would.
    if (created || info.status === 'failed') {
      if (!created) await store.resetDocument(info.id);
      await deps.submit(new Map([[info.id, 'extract']]));
    }
  }

  async function fetchDocument(link: Link): Promise<void> {
    if (!(await allowed(link.url))) return void record(link, 'document', 'disallowed', { reason: 'robots.txt disallows it' });
    const before = await store.getCrawlUrl(link.url);
    const fetched = await fetcher.get(link.url, { etag: before?.etag, lastModified: before?.lastModified, maxBytes });
    if (fetched.kind === 'ok') return take(link, fetched, before);
    if (fetched.kind === 'not-modified') {
      if (before?.documentId) await foundAt(before.documentId, link);
      await store.saveCrawlUrl({ ...(before ?? { url: link.url, etag: null, lastModified: null, documentId: null }), source: source.name, status: 304, outcome: 'unchanged', fetchedAt: new Date().toISOString() });
      return void record(link, 'document', 'unchanged', { status: 304, documentId: before?.documentId ?? null, reason: 'not modified (304)' });
    }
    const reason = fetched.kind === 'http-error' && (fetched.status === 404 || fetched.status === 410) ? `gone (HTTP ${fetched.status})` : fetched.reason;
    await store.saveCrawlUrl({ url: link.url, source: source.name, etag: null, lastModified: null, documentId: before?.documentId ?? null, status: fetched.status, outcome: 'failed', fetchedAt: new Date().toISOString() });
    record(link, 'document', 'failed', { status: fetched.status, reason, bytes: fetched.kind === 'failed' ? fetched.bytes : 0 });
  }

  const listings: Link[] = source.startUrls.map((url) => ({ url, depth: 0, referrer: null, text: null }));
  const queued = new Set(source.startUrls);
  const documentsSeen = new Set<string>();
  let pagesFetched = 0;
  let documentsFetched = 0;
  let truncated: string | null = null;
  try {
    while (listings.length && !truncated) {
      if (pagesFetched >= source.maxPages) {
        truncated = `stopped after ${source.maxPages} listing pages (maxPages); ${listings.length} not read`;
        break;
      }
      const page = listings.shift()!;
      if (!(await allowed(page.url))) {
        record(page, 'listing', 'disallowed', { reason: 'robots.txt disallows it' });
        continue;
      }
      const fetched = await fetcher.get(page.url, { maxBytes: LISTING_MAX_BYTES });
      pagesFetched++;
      if (fetched.kind !== 'ok') {
        record(page, 'listing', 'failed', { status: fetched.status, reason: fetched.kind === 'not-modified' ? 'HTTP 304 without a validator' : fetched.reason });
        continue;
      }
      // A start page or a listing link may itself be a document (a PDF, Word or Excel file).
      const { format } = detectFormat(fetched.bytes);
      if (format && format !== 'html') {
        documentsFetched++;
        await take(page, fetched, await store.getCrawlUrl(page.url));
        continue;
      }
      const { text } = decodeHtml(fetched.bytes, fetched.headers['content-type'] ?? null);
      record(page, 'listing', 'fetched', { status: fetched.status, bytes: fetched.bytes.length });
      const found: Link[] = [];
      for (const link of pageLinks(text, fetched.url)) {
        if (!inScope(link.url)) continue;
        if (isDocument(link.url)) {
          if (!documentsSeen.has(link.url)) {
            documentsSeen.add(link.url);
            found.push({ url: link.url, depth: page.depth + 1, referrer: fetched.url, text: link.text || null });
          }
        } else if (page.depth < source.maxDepth && isListing(link.url) && !queued.has(link.url)) {
          queued.add(link.url);
          listings.push({ url: link.url, depth: page.depth + 1, referrer: fetched.url, text: link.text || null });
        }
      }
      // The page's documents now: a run cut short has stored what it reached.
      for (const link of found) {
        if (documentsFetched >= source.maxDocuments) {
          truncated = `stopped after ${source.maxDocuments} documents (maxDocuments)`;
          break;
        }
        documentsFetched++;
        await fetchDocument(link);
      }
    }
  } catch (error) {
    truncated = `stopped by an error: ${error instanceof Error ? error.message : String(error)}`;
    log.error({ source: source.name, error: truncated }, 'crawl stopped');
  } finally {
    await fetcher.close();
  }

  const finished = new Date();
  const count = (outcome: CrawlOutcome) => items.filter((i) => i.kind === 'document' && i.outcome === outcome).length;
  const documents = {
    new: count('new'), changed: count('changed'), unchanged: count('unchanged'), duplicate: count('duplicate'),
    skipped: count('skipped'), disallowed: count('disallowed'), failed: count('failed'),
  };
  const report: CrawlReport = {
    id: randomUUID(), source: source.name, startedAt: started.toISOString(), finishedAt: finished.toISOString(),
    seconds: (finished.getTime() - started.getTime()) / 1000,
    pages: {
      fetched: items.filter((i) => i.kind === 'listing' && i.outcome === 'fetched').length,
      failed: items.filter((i) => i.kind === 'listing' && i.outcome === 'failed').length,
      disallowed: items.filter((i) => i.kind === 'listing' && i.outcome === 'disallowed').length,
    },
    documents, bytes: items.reduce((n, i) => n + i.bytes, 0), truncated, items,
  };
  await store.saveCrawlReport(report);
  log.info({ source: source.name, pages: report.pages, documents: report.documents, seconds: report.seconds }, 'crawl finished');
  return report;
}

/** A page with a table of at least two rows of two cells: what a form or a department table published as a page has. */
function holdsTable(html: string): boolean {
  const $ = load(html);
  return $('tr').filter((_, tr) => $(tr).children('td, th').length >= 2).length >= 2;
}
