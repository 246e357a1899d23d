import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { checkUrlHost, guardedLookup, RefusedAddress } from './address-guard.ts';

export type FetchOptions = {
  /** Validators of the copy fetched last time: a 304 answers that nothing changed. */
  etag?: string | null;
  lastModified?: string | null;
  maxBytes: number;
};

export type Fetched =
  | { kind: 'ok'; url: string; status: number; headers: Record<string, string>; bytes: Uint8Array }
  | { kind: 'not-modified'; url: string; status: 304 }
  /** An HTTP answer other than 2xx/304 (after the retries a 5xx gets). */
  | { kind: 'http-error'; url: string; status: number; reason: string }
  /** No usable answer: refused address, time-out, connection error, too large, too many redirects. */
  | { kind: 'failed'; url: string; status: number | null; reason: string; bytes: number };

export type Fetcher = {
  get: (url: string, options: FetchOptions) => Promise<Fetched>;
  /** At least this long between two requests to the host (robots.txt's Crawl-delay raises it). */
  setHostDelay: (host: string, ms: number) => void;
  close: () => Promise<void>;
};

export type FetcherOptions = {
  userAgent: string;
  /** Whether an address may be connected to (`addressPolicy`). */
  allows: (address: string) => boolean;
  /** Time to answer, and longest silence while a body arrives; a whole file gets ten times this. */
  timeoutMs: number;
  attempts: number;
  delayMs: number;
  /** First wait before a retry; doubled each time. @default 2000 */
  backoffMs?: number;
};

/** An answer, with how long a 429 or 503 asked us to wait. */
type Answer = Fetched & { retryAfterMs?: number };
type Step = Answer | { kind: 'redirect'; status: number; location: string };

const MAX_REDIRECTS = 5;
const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Polite, guarded HTTP GETs for the crawler (undici): one connection per host and one request at a time to it,
 * `delayMs` between two requests to one host, redirects followed by hand (at most 5, each hop's host checked
 * again), every connection through the address guard, bodies streamed and cut off past `maxBytes`, and retries
 * with backoff on 5xx, 429 and failed connections.
 */
export function createFetcher(options: FetcherOptions): Fetcher {
  const { userAgent, allows, timeoutMs, attempts, delayMs, backoffMs = 2000 } = options;
  const agent = new Agent({
    connections: 1,
    connect: { lookup: guardedLookup(allows), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const hostDelay = new Map<string, number>();
  const turns = new Map<string, Promise<unknown>>();
  const nextAt = new Map<string, number>();
  const lastEnd = new Map<string, number>();

  /** One request at a time per host, `delay` apart from the end of one to the start of the next. */
  async function paced<T>(host: string, work: () => Promise<T>): Promise<T> {
    const previous = turns.get(host) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(async () => {
      const wait = (nextAt.get(host) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await work();
      } finally {
        lastEnd.set(host, Date.now());
        nextAt.set(host, Date.now() + (hostDelay.get(host) ?? delayMs));
      }
    });
    turns.set(host, turn);
    return turn;
  }

  /** One request: an answer, or where it redirects to. */
  async function once(url: URL, fetchOptions: FetchOptions): Promise<Step> {
    checkUrlHost(url, allows);
    const headers: Record<string, string> = { 'user-agent': userAgent, accept: '*/*' };
    if (fetchOptions.etag) headers['if-none-match'] = fetchOptions.etag;
    if (fetchOptions.lastModified) headers['if-modified-since'] = fetchOptions.lastModified;
    const response = await request(url, { method: 'GET', headers, dispatcher: agent, signal: AbortSignal.timeout(timeoutMs * 10) });
    const flat = flatten(response.headers);
    const { statusCode: status } = response;
    if (status === 304) {
      await response.body.dump();
      return { kind: 'not-modified', url: url.href, status: 304 };
    }
    if (status >= 300 && status < 400 && flat['location']) {
      await response.body.dump();
      return { kind: 'redirect', status, location: flat['location'] };
    }
    if (status < 200 || status >= 300) {
      await response.body.dump().catch(() => undefined);
      const retryAfter = Number(flat['retry-after']);
      return { kind: 'http-error', url: url.href, status, reason: `HTTP ${status}`, ...(retryAfter > 0 ? { retryAfterMs: Math.min(retryAfter, 60) * 1000 } : {}) };
    }
    const declared = Number(flat['content-length']);
    if (declared > fetchOptions.maxBytes) {
      response.body.destroy();
      return { kind: 'failed', url: url.href, status, bytes: 0, reason: `too large: ${megabytes(declared)} MB announced, the limit is ${megabytes(fetchOptions.maxBytes)} MB` };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > fetchOptions.maxBytes) {
        response.body.destroy();
        return { kind: 'failed', url: url.href, status, bytes: size, reason: `too large: cut off after ${megabytes(size)} MB, the limit is ${megabytes(fetchOptions.maxBytes)} MB` };
      }
      chunks.push(chunk);
    }
    return { kind: 'ok', url: url.href, status, headers: flat, bytes: new Uint8Array(Buffer.concat(chunks)) };
  }

  /** One URL with its redirects, each hop paced on its own host. */
  async function follow(start: string, fetchOptions: FetchOptions): Promise<Answer> {
    let url = new URL(start);
    for (let hop = 0; ; hop++) {
      const current = url;
      const result = await paced(current.host, () => once(current, fetchOptions));
      if (result.kind !== 'redirect') return result;
      if (hop === MAX_REDIRECTS) return { kind: 'failed', url: start, status: result.status, bytes: 0, reason: `more than ${MAX_REDIRECTS} redirects` };
      const next = new URL(result.location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return { kind: 'failed', url: start, status: result.status, bytes: 0, reason: `redirected to ${next.protocol} (not crawled)` };
      url = next;
    }
  }

  return {
    async get(start, fetchOptions) {
      for (let attempt = 1; ; attempt++) {
        let result: Answer;
        try {
          result = await follow(start, fetchOptions);
        } catch (error) {
          const reason = describe(error);
          if (isRefusal(error) || attempt >= attempts) return { kind: 'failed', url: start, status: null, bytes: 0, reason: attempt > 1 ? `${reason} (${attempt} tries)` : reason };
          await sleep(backoffMs * 2 ** (attempt - 1));
          continue;
        }
        if (result.kind === 'http-error' && RETRIED_STATUS.has(result.status) && attempt < attempts) {
          await sleep(result.retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
          continue;
        }
        const { retryAfterMs: _, ...fetched } = result;
        if (fetched.kind === 'http-error' && attempt > 1) return { ...fetched, reason: `${fetched.reason} (${attempt} tries)` };
        return fetched;
      }
    },
    setHostDelay: (host, ms) => {
      const delay = Math.max(ms, delayMs);
      hostDelay.set(host, delay);
      // The request that brought the delay (robots.txt) counts: the next one waits the new delay after it.
      const last = lastEnd.get(host);
      if (last !== undefined) nextAt.set(host, Math.max(nextAt.get(host) ?? 0, last + delay));
    },
    close: () => agent.close(),
  };
}

const megabytes = (bytes: number): string => (bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0);

function isRefusal(error: unknown): boolean {
  return error instanceof RefusedAddress || (error instanceof Error && error.cause instanceof RefusedAddress);
}

/** An error in words for the crawl report. */
function describe(error: unknown): string {
  if (isRefusal(error)) return ((error instanceof RefusedAddress ? error : (error as Error).cause) as Error).message;
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out waiting for an answer';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'timed out: the file stopped arriving';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out: the file took too long to arrive';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
  if (code) return `connection failed (${code})`;
  return error instanceof Error ? error.message : String(error);
}

function flatten(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}
