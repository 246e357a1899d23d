import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** A regular expression as written in the sources file: checked to compile when the file is read. */
const Pattern = z.string().min(1).refine((text) => {
  try {
    new RegExp(text, 'iu');
    return true;
  } catch {
    return false;
  }
}, { message: 'not a regular expression' });

const WebUrl = z.url({ protocol: /^https?$/ });

/** Links to documents by their extension (`…/附件.pdf`, `…/download.xls?id=3`): what a portal attaches. */
export const DEFAULT_ATTACHMENT_PATTERN = '\\.(pdf|docx?|xlsx?|wps|et)([?#]|$)';

/** One portal to crawl: where to start, which links to follow, how far, when. */
export const CrawlSource = z.object({
  /** Names the source in reports, `--source` and the scheduler; letters, digits, `.`, `_` and `-`. */
  name: z.string().regex(/^[\p{L}\p{N}._-]{1,100}$/u, 'letters, digits, ".", "_" or "-", at most 100'),
  /** Listing pages: 预算公开/决算公开 pages, a unit list. */
  startUrls: z.array(WebUrl).min(1),
  follow: z.object({
    /** Only links to the start pages' hosts (listing pages and attachments alike). */
    sameHost: z.boolean().default(true),
    /** Listing pages to follow (regular expressions over the whole URL); none: every page within `maxDepth`. */
    listings: z.array(Pattern).default([]),
    /** Links that are documents to fetch (regular expressions over the URL). */
    attachments: z.array(Pattern).default([DEFAULT_ATTACHMENT_PATTERN]),
  }).prefault({}),
  /** Listing pages this many links away from a start page are read; 0: the start pages only. */
  maxDepth: z.int().min(0).max(10).default(2),
  /** Listing pages read per run at most. */
  maxPages: z.int().min(1).max(100_000).default(500),
  /** Documents fetched per run at most. */
  maxDocuments: z.int().min(1).max(100_000).default(5_000),
  /** What the portal says of every document it lists, when the documents do not print it. */
  hint: z.object({ department: z.string().min(1).optional(), fiscalYear: z.int().min(1990).max(2100).optional() }).optional(),
  /** When to crawl at scale: a cron pattern (5 or 6 fields) in a time zone. */
  schedule: z.object({ cron: z.string().min(9), tz: z.string().default('Asia/Shanghai') }).optional(),
  /** Seconds between two requests to one host (a robots.txt Crawl-delay that asks for more wins). */
  delaySeconds: z.number().min(0).max(600).default(2),
  /** Largest file fetched; a larger one is cut off while it arrives and recorded. */
  maxMegabytes: z.number().positive().max(10_000).default(200),
  /** Seconds a request may take to answer, and to go quiet while its body arrives. */
  timeoutSeconds: z.number().positive().max(3_600).default(60),
  /** Tries of a request that failed with a 5xx, a time-out or a dropped connection. */
  attempts: z.int().min(1).max(10).default(3),
  /**
   * Private, loopback or otherwise non-public addresses this source may reach (an intranet portal, a test):
   * exact addresses or CIDR ranges. Everything else non-public is refused before connecting.
   */
  allowPrivate: z.array(z.string().refine((text) => (text.includes('/') ? ipaddr.isValidCIDR(text) : ipaddr.isValid(text)), { message: 'an address or a CIDR range' })).default([]),
});
export type CrawlSource = z.infer<typeof CrawlSource>;
export type CrawlSourceInput = z.input<typeof CrawlSource>;

/** `jixiao.sources.yaml` (or .json). */
export const SourcesFile = z.object({
  /** Where a portal's operator learns who crawls them: sent in the User-Agent. */
  contact: z.url({ protocol: /^(https?|mailto)$/ }),
  sources: z.array(CrawlSource).min(1).refine((list) => new Set(list.map((s) => s.name)).size === list.length, { message: 'two sources have the same name' }),
});
export type SourcesFile = z.infer<typeof SourcesFile>;

/**
 * What became of one URL in a run. `fetched`: a listing page (or robots.txt) read; `new`: a document stored for the first time; `changed`: the URL gave other
 * bytes than last time (stored as a new document); `unchanged`: 304, or the same bytes; `duplicate`: bytes
 * already stored from another URL (this URL is kept beside it); `skipped`: not a document jixiao reads;
 * `disallowed`: robots.txt forbids it (never requested); `failed`: with the reason.
 */
export const CrawlOutcome = z.enum(['fetched', 'new', 'changed', 'unchanged', 'duplicate', 'skipped', 'disallowed', 'failed']);
export type CrawlOutcome = z.infer<typeof CrawlOutcome>;

export const CrawlItem = z.object({
  url: z.string(),
  kind: z.enum(['listing', 'document', 'robots']),
  outcome: CrawlOutcome,
  status: z.int().nullable(),
  documentId: z.string().nullable(),
  reason: z.string().nullable(),
  /** The page that linked it and the link's text (often the unit's name). */
  referrer: z.string().nullable(),
  linkText: z.string().nullable(),
  bytes: z.int().nonnegative(),
});
export type CrawlItem = z.infer<typeof CrawlItem>;

export const CrawlReport = z.object({
  id: z.string(),
  source: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  seconds: z.number(),
  pages: z.object({ fetched: z.int(), failed: z.int(), disallowed: z.int() }),
  documents: z.object({
    new: z.int(), changed: z.int(), unchanged: z.int(), duplicate: z.int(), skipped: z.int(), disallowed: z.int(), failed: z.int(),
  }),
  bytes: z.int(),
  /** Why the run stopped early, if it did (a page or document limit). */
  truncated: z.string().nullable(),
  items: z.array(CrawlItem),
});
export type CrawlReport = z.infer<typeof CrawlReport>;

/** What is kept of a URL between runs, for conditional GET and to tell `changed` from `new`. */
export const CrawlUrlState = z.object({
  url: z.string(),
  source: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  documentId: z.string().nullable(),
  status: z.int().nullable(),
  outcome: CrawlOutcome,
  fetchedAt: z.string(),
});
export type CrawlUrlState = z.infer<typeof CrawlUrlState>;

/** Where a stored document was found: the URL, the page linking it, the link's text. */
export const DocumentSource = z.object({
  documentId: z.string(),
  url: z.string(),
  source: z.string(),
  referrer: z.string().nullable(),
  linkText: z.string().nullable(),
  hint: z.object({ department: z.string().optional(), fiscalYear: z.int().optional() }).nullable(),
  firstSeen: z.string(),
});
export type DocumentSource = z.infer<typeof DocumentSource>;
