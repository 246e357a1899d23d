import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlSource, type CrawlItem, type CrawlReport, type DocumentId } from '../schemas/index.ts';
import { addressKind, addressPolicy } from '../services/crawl/address-guard.ts';
import { crawlSource } from '../services/crawl/crawl-source.ts';
import { buildServer } from '../services/build-server.ts';
import { decodeHtml } from '../workers/extract/office/decode-html.ts';
import { documentFileName } from '../services/crawl/file-name.ts';
import { readSourcesFile } from '../services/crawl/sources-file.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPglite } from '../services/store/pglite.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { startPortal, type Portal } from './fixtures/portal.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './fixtures/run-cli.ts';
import { SAMPLES } from './fixtures/samples.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the address guard', () => {
  it('tells public addresses from loopback, private, link-local, CGNAT, multicast, unique-local and reserved ones (no connection made)', () => {
    const cases: [string, string][] = [
      ['8.8.8.8', 'public'], ['2606:4700::1111', 'public'], ['::ffff:8.8.8.8', 'public'], ['64:ff9b::808:808', 'public'],
      ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['[::ffff:7f00:1]', 'loopback'],
      ['10.0.0.1', 'private'], ['172.16.5.4', 'private'], ['192.168.1.1', 'private'], ['::ffff:192.168.1.1', 'private'], ['64:ff9b::a00:1', 'private'],
      ['169.254.169.254', 'linkLocal'], ['fe80::1', 'linkLocal'], ['100.64.0.1', 'carrierGradeNat'],
      ['224.0.0.251', 'multicast'], ['ff02::1', 'multicast'], ['fc00::1', 'uniqueLocal'], ['fd12:3456::1', 'uniqueLocal'],
      ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['255.255.255.255', 'broadcast'], ['192.0.2.1', 'reserved'], ['240.0.0.1', 'reserved'],
      ['2001:db8::1', 'reserved'], ['2002:a00:1::', '6to4'], ['not-an-address', 'invalid'],
    ];
    expect(cases.map(([address]) => [address, addressKind(address)])).toEqual(cases);
  });

  it('lets a source reach only the private addresses and ranges it names', () => {
    const allows = addressPolicy(['127.0.0.1', '10.8.0.0/16']);
    expect(['127.0.0.1', '::ffff:127.0.0.1', '10.8.3.4', '8.8.8.8'].every(allows)).toBe(true);
    expect(['127.0.0.2', '10.9.0.1', '192.168.0.1', '::1'].some(allows)).toBe(false);
    expect(['127.0.0.1', '::1', '10.0.0.1'].some(addressPolicy([]))).toBe(false);
  });
});

describe('listing pages and names', () => {
  it('decodes a page by its header, its meta or its bytes', () => {
    const gbkBytes = Buffer.from([0xb2, 0xbf, 0xc3, 0xc5, 0xd4, 0xa4, 0xcb, 0xe3]); // 部门预算 in GBK
    const page = (meta: string) => Buffer.concat([Buffer.from(`<html><head>${meta}</head><body>`), gbkBytes, Buffer.from('</body></html>')]);
    expect(decodeHtml(page(''), 'text/html; charset=GBK').text).toContain('部门预算');
    expect(decodeHtml(page('<meta charset="gb2312">'), 'text/html').text).toContain('部门预算');
    expect(decodeHtml(page(''), null)).toMatchObject({ charset: 'gb18030' });
    expect(decodeHtml(page(''), null).text).toContain('部门预算');
    expect(decodeHtml(Buffer.from('<p>部门预算</p>'), null)).toEqual({ text: '<p>部门预算</p>', charset: 'utf-8' });
  });

  it('names a document by the server, the URL or the link', () => {
    expect(documentFileName('http://x.cn/a/download.jsp?id=3', "attachment; filename*=UTF-8''%E5%86%B3%E7%AE%97.pdf", null)).toBe('决算.pdf');
    expect(documentFileName('http://x.cn/a/P0202403.pdf', null, '部门预算')).toBe('P0202403.pdf');
    expect(documentFileName('http://x.cn/a/download.jsp', null, '部门预算公开')).toBe('部门预算公开.pdf');
  });
});

describe('a crawl of a portal on loopback', () => {
  let portal: Portal, store: Store;
  const submitted: DocumentId[] = [];
  const source = (overrides: Partial<CrawlSource> = {}) => CrawlSource.parse({
    name: 'fixture', startUrls: [`${portal.base}/list.html`], delaySeconds: 0.02, timeoutSeconds: 1, maxMegabytes: 1, attempts: 2,
    allowPrivate: ['127.0.0.1'], hint: { department: '恒口示范区自然资源局', fiscalYear: 2024 }, ...overrides,
  });
  const crawl = (overrides: Partial<CrawlSource> = {}) => crawlSource(source(overrides), {
    store, log: silent, userAgent: 'jixiao/test (+https://example.org/contact)', backoffMs: 20,
    submit: async (work) => void submitted.push(...work.keys()),
  });
  const outcomes = (report: CrawlReport, kind: CrawlItem['kind'] = 'document') =>
    Object.fromEntries(report.items.filter((i) => i.kind === kind).map((i) => [new URL(i.url).pathname, i.outcome]));
  const item = (report: CrawlReport, pathname: string) => report.items.find((i) => new URL(i.url).pathname === pathname)!;

  beforeAll(async () => {
    portal = await startPortal({ slowMs: 3000, hugeBytes: 3 * 1048576 });
    const sql = await openPglite('memory://');
    await migrate(sql);
    store = createSqlStore(sql);
  });
  afterAll(async () => {
    await portal?.close();
    await store?.close();
  });

  it('refuses the portal when loopback is not allowed: nothing reaches it', async () => {
    const report = await crawl({ allowPrivate: [] });
    expect(portal.requests).toEqual([]);
    expect(report.items.map((i) => [i.kind, i.outcome])).toEqual([['robots', 'failed'], ['listing', 'disallowed']]);
    expect(report.items[0]!.reason).toMatch(/127\.0\.0\.1 is a loopback address: not crawled/);
  });

  it('stores exactly the allowed documents, says what became of every link, and never asks for a disallowed path', async () => {
    const report = await crawl();
    expect(outcomes(report)).toEqual({
      '/files/t4-001.pdf': 'new', '/files/notes.pdf': 'new', '/private/secret.pdf': 'disallowed', '/redirect/1.pdf': 'new',
      '/slow.pdf': 'failed', '/huge.pdf': 'failed', '/error.pdf': 'failed', '/gone.pdf': 'failed', '/files/flaky.pdf': 'new',
      '/files/budget.docx': 'new', '/files/table.xls': 'new', '/mirror/t4-001-copy.pdf': 'duplicate', '/files/final.pdf': 'duplicate',
    });
    expect(outcomes(report, 'listing')).toEqual({ '/list.html': 'fetched', '/sub/more.html': 'fetched' });
    expect(portal.requests.filter((r) => r.startsWith('/private/'))).toEqual([]);
    expect(portal.requests.some((r) => r.includes('elsewhere'))).toBe(false);
    expect(item(report, '/huge.pdf').reason).toMatch(/^too large: cut off after 1\.\d MB, the limit is 1\.0 MB/);
    expect(item(report, '/error.pdf').reason).toBe('an HTML page ("404 页面不存在") without a table was served, not a document');
    expect(item(report, '/gone.pdf').reason).toBe('gone (HTTP 404)');
    expect(item(report, '/slow.pdf').reason).toMatch(/^timed out/);
    expect(report.documents).toMatchObject({ new: 6, duplicate: 2, disallowed: 1, skipped: 0, failed: 4 });
    // The GBK page's link texts, and where each document was found.
    const t4 = item(report, '/files/t4-001.pdf');
    expect(t4.linkText).toBe('恒口示范区自然资源局项目支出绩效自评表');
    const sources = await store.listDocumentSources(t4.documentId! as DocumentId);
    expect(sources.map((s) => [new URL(s.url).pathname, s.referrer && new URL(s.referrer).pathname, s.linkText])).toEqual([
      ['/files/t4-001.pdf', '/list.html', '恒口示范区自然资源局项目支出绩效自评表'], ['/mirror/t4-001-copy.pdf', '/sub/more.html', '自评表（镜像）'],
    ]);
    expect(sources[0]!.hint).toEqual({ department: '恒口示范区自然资源局', fiscalYear: 2024 });
    expect(new Set(submitted).size).toBe(6);
    expect(submitted).toHaveLength(6);
    expect((await store.listCrawlReports({ limit: 5 })).map((r) => r.id)[0]).toBe(report.id);
  }, 60_000);

  it('downloads nothing the second time (304s), and fetches a changed file again', async () => {
    const before = portal.served.length;
    const again = await crawl();
    const pdfsServed = portal.served.slice(before).filter((p) => /\.(pdf|docx|xls)$/.test(p) && !p.startsWith('/redirect'));
    // Files without validators (the failed) come again; every stored document (Word and Excel too) answers 304.
    expect(pdfsServed.filter((p) => !['/error.pdf', '/slow.pdf'].includes(p))).toEqual([]);
    expect(outcomes(again)).toMatchObject({ '/files/t4-001.pdf': 'unchanged', '/files/notes.pdf': 'unchanged', '/files/flaky.pdf': 'unchanged', '/mirror/t4-001-copy.pdf': 'unchanged' });
    expect(item(again, '/files/t4-001.pdf').status).toBe(304);
    expect(item(again, '/files/notes.pdf').status).toBe(304);

    portal.change('/files/t4-001.pdf', readFileSync(path.join(SAMPLES, 't1-003-digital.pdf')));
    portal.change('/files/notes.pdf', readFileSync(path.join(SAMPLES, 't2-004-part1-digital.pdf')));
    const third = await crawl();
    expect(outcomes(third)).toMatchObject({ '/files/t4-001.pdf': 'changed', '/files/notes.pdf': 'changed', '/mirror/t4-001-copy.pdf': 'unchanged' });
    expect(item(third, '/files/t4-001.pdf').documentId).not.toBe(item(again, '/files/t4-001.pdf').documentId);
    expect((await store.listCrawlReports({ source: 'fixture', limit: 2 })).map((r) => r.id)).toEqual([third.id, again.id]);
  }, 60_000);

  it('shows the runs over HTTP and on the web page, and where a document was found', async () => {
    const app = await buildServer({ store, access: { tokens: new Map(), open: true }, processor: { submit: async () => undefined, pending: () => 0, close: async () => undefined }, maxUploadBytes: 1048576 }, { version: 'test', mode: 'embedded' });
    try {
      const runs = (await app.inject('/crawls?source=fixture&limit=3')).json() as CrawlReport[];
      expect(runs).toHaveLength(3);
      expect(runs.every((r) => r.source === 'fixture')).toBe(true);
      const withT4 = runs.flatMap((r) => r.items).find((i) => i.url.endsWith('/files/t4-001.pdf') && i.documentId)!;
      const sources = (await app.inject(`/documents/${withT4.documentId}/sources`)).json() as { url: string; linkText: string }[];
      expect(sources.map((x) => x.linkText)).toContain('恒口示范区自然资源局项目支出绩效自评表');
      expect((await app.inject(`/documents/${'0'.repeat(64)}/sources`)).statusCode).toBe(404);
      const page = await app.inject('/crawl-runs');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('fixture');
      expect(page.body).toContain('gone (HTTP 404)');
    } finally {
      await app.close();
    }
  });

  it('follows at most 5 redirects', async () => {
    const report = await crawl({ startUrls: [`${portal.base}/loops.html`] });
    expect(item(report, '/loop/1.pdf')).toMatchObject({ outcome: 'failed', reason: 'more than 5 redirects' });
    expect(portal.requests.filter((r) => r.startsWith('/loop/'))).toHaveLength(6);
  }, 60_000);

  it('stops at the page limit and says so', async () => {
    const report = await crawl({ maxPages: 1 });
    expect(report.pages.fetched).toBe(1);
    expect(report.truncated).toBe('stopped after 1 listing pages (maxPages); 1 not read');
  }, 60_000);
});

describe('robots.txt Crawl-delay', () => {
  it('spaces the requests to a host as robots.txt asks, when that is more than the source\'s delay', async () => {
    const portal = await startPortal({ slowMs: 100, hugeBytes: 1024, crawlDelay: 0.4 });
    const sql = await openPglite('memory://');
    await migrate(sql);
    const store = createSqlStore(sql);
    try {
      await crawlSource(CrawlSource.parse({ name: 'delay', startUrls: [`${portal.base}/small.html`], delaySeconds: 0.01, allowPrivate: ['127.0.0.1'] }), {
        store, log: silent, userAgent: 'jixiao/test (+https://example.org)', submit: async () => undefined,
      });
      expect(portal.requests).toEqual(['/robots.txt', '/small.html', '/files/t4-001.pdf', '/error.pdf']);
      const gaps = portal.times.slice(1).map((t, i) => t - portal.times[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(390);
    } finally {
      await portal.close();
      await store.close();
    }
  }, 30_000);
});

describe('jixiao crawl', () => {
  let portal: Portal;
  const scratch = scratchDirs('jixiao-crawl-');
  beforeAll(async () => {
    portal = await startPortal({ slowMs: 3000, hugeBytes: 3 * 1048576 });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('crawls one listing page into the store and the pipeline, and finds nothing new the second time', async () => {
    const env = { JIXIAO_DATA_DIR: path.join(scratch(), 'data'), JIXIAO_CRAWL_CONTACT: 'https://example.org/jixiao-operator' };
    const args = ['crawl', '--once', '--url', `${portal.base}/small.html`, '--allow-private', '127.0.0.1'];
    const first = await runCli(args, env, { timeoutMs: 120_000 });
    // The HTML page named .pdf is a failed document: exit 2, as ingest exits for a document that failed.
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toMatch(/^url-127\.0\.0\.1: 1 listing pages, 2 documents in [\d.]+ s \([\d.]+ MB\): 1 new, 0 changed, 0 unchanged, 0 duplicate, 0 skipped, 0 disallowed, 1 failed$/m);
    expect(first.stdout).toContain('an HTML page ("404 页面不存在") without a table was served, not a document');
    expect(first.stdout).toContain('1 documents processed: 1 validated, 0 failed');
    expect(portal.requests[0]).toBe('/robots.txt');
    const exported = await runCli(['export'], env);
    expect(exported.stdout.trim().split('\n')).toHaveLength(4);
    const second = await runCli(args, env, { timeoutMs: 120_000 });
    expect(second.stdout).toMatch(/: 0 new, 0 changed, 1 unchanged/);
    const status = await runCli(['crawl', '--status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^source\s+last run \(UTC\)/);
    expect(status.stdout).toMatch(/^url-127\.0\.0\.1\s/m);
  }, 180_000);

  it('refuses a loopback portal unless allowed, and a crawl with nobody to contact', async () => {
    const env = { JIXIAO_DATA_DIR: path.join(scratch(), 'data'), JIXIAO_CRAWL_CONTACT: 'https://example.org/jixiao-operator' };
    const before = portal.requests.length;
    const refused = await runCli(['crawl', '--once', '--url', `${portal.base}/small.html`], env, { timeoutMs: 60_000 });
    expect(refused.stdout).toContain('127.0.0.1 is a loopback address: not crawled');
    expect(portal.requests.length).toBe(before);
    const anonymous = await runCli(['crawl', '--once', '--url', `${portal.base}/small.html`], { JIXIAO_DATA_DIR: env.JIXIAO_DATA_DIR });
    expect(anonymous).toMatchObject({ code: 1 });
    expect(anonymous.stderr).toContain('a crawler must say who runs it');
    const dir = scratch();
    const file = path.join(dir, 'jixiao.sources.yaml');
    writeFileSync(file, 'contact: https://example.org/ops\nsources:\n  - name: bad name\n    startUrls: [ftp://example.org/list]\n    allowPrivate: [localhost]\n');
    const bad = await runCli(['crawl', '--once', '--sources', file], { JIXIAO_DATA_DIR: env.JIXIAO_DATA_DIR });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/sources\[0\]\.name: letters, digits/);
    expect(bad.stderr).toMatch(/sources\[0\]\.startUrls\[0\]/);
    expect(bad.stderr).toMatch(/sources\[0\]\.allowPrivate\[0\]: an address or a CIDR range/);
  }, 120_000);
});

describe('the sources file', () => {
  it('reads the example the README shows', async () => {
    const file = await readSourcesFile(path.join(import.meta.dirname, '..', 'docs', 'jixiao.sources.example.yaml'));
    expect(file.sources.map((s) => [s.name, s.schedule?.cron, s.schedule?.tz, s.hint?.department])).toEqual([['example-county', '0 2 * * *', 'Asia/Shanghai', '示例县财政局']]);
  });
});
