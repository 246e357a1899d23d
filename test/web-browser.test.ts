/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../services/config.ts';
import type { ApiServer } from '../services/http/api-server.ts';
import { loadAccess } from '../services/http/auth.ts';
import { buildServer } from '../services/build-server.ts';
import { createInlineProcessor } from '../services/processing/inline-processor.ts';
import type { DocumentProcessor } from '../services/processing/processor.ts';
import { openStore } from '../services/store/open-store.ts';
import type { Store } from '../services/store/store.ts';
import { SAMPLES } from './fixtures/samples.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';

const CHROMIUM = '/usr/bin/chromium';
const ON_CI = process.env['CI'] === 'true';
const ROOT = path.join(import.meta.dirname, '..');
const scratch = scratchDirs('jixiao-web-');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const READ = 'reader-token-0123456789', WRITE = 'writer-token-0123456789';

/**
 * The web page in a real browser (Debian's chromium driven by playwright-core) against a server on a temporary
 * store: log in, upload samples through the page, read the overview, open a flag's evidence. Screenshots of the
 * overview and of a flag with its crop go to docs/; a failing step leaves one in test-results/.
 */
describe.skipIf(!existsSync(CHROMIUM) && !ON_CI)('the web page in a browser', () => {
  let store: Store, app: ApiServer, processor: DocumentProcessor, browser: Browser, base: string;

  beforeAll(async () => {
    const config = loadConfig({ JIXIAO_DATA_DIR: scratch(), JIXIAO_API_TOKENS: `read:${READ},write:${WRITE}` });
    store = await openStore(config);
    processor = createInlineProcessor(store, silent, { concurrency: 2 });
    app = await buildServer({ store, access: loadAccess(config), processor, maxUploadBytes: 20 * 1048576, cacheDir: scratch() }, { version: 'test', mode: 'embedded' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await processor?.close();
    await store?.close();
  });

  /** Runs a step; on failure, a screenshot of where the page was, for the CI log. */
  async function step<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-results', `${name}.png`), fullPage: true }).catch(() => undefined);
      throw error;
    }
  }

  it('logs in, uploads through the page, lists the departments and shows a flag with the cell that proves it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Nothing may be fetched from another site.
    const outside: string[] = [];
    page.on('request', (r) => (r.url().startsWith(base) || r.url().startsWith('data:') ? undefined : outside.push(r.url())));

    await step(page, 'login', async () => {
      await page.goto(`${base}/`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name=token]', WRITE);
      await page.click('form.box button');
      await page.waitForURL(`${base}/`);
    });

    await step(page, 'upload', async () => {
      await page.goto(`${base}/upload`);
      await page.setInputFiles('input[type=file]', ['t4-001-part1-digital.pdf', 'real-jiangsu-zhengxie-2018-budget-tables.pdf'].map((f) => path.join(SAMPLES, f)));
      await page.click('form#upload button');
      await page.waitForURL(/\/uploads\?ids=/);
      // The status page reloads itself until every document is done.
      await page.waitForFunction(() => document.querySelectorAll('tr[data-status=validated]').length === 2, undefined, { timeout: 90_000 });
    });

    const departments = await step(page, 'overview', async () => {
      await page.goto(`${base}/`);
      const names = await page.locator('tbody tr td:first-child a').allTextContents();
      expect(names).toEqual(expect.arrayContaining(['昌吉回族自治州自然资源局', '江苏省政协办公厅']));
      mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'docs', 'overview.png'), fullPage: true });
      return names;
    });
    expect(departments).toHaveLength(2);

    await step(page, 'flag', async () => {
      await page.click('text=昌吉回族自治州自然资源局');
      const finding = page.locator('.finding', { has: page.locator('.evidence img') }).first();
      await finding.scrollIntoViewIfNeeded();
      const image = finding.locator('.evidence img').first();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
      // The crop is the cell its URL names: its size is the cell's at 2 px a point, with at most 12 pt around it.
      const src = new URL((await image.getAttribute('src'))!, base);
      const [x0, y0, x1, y1] = src.searchParams.get('bbox')!.split(',').map(Number) as [number, number, number, number];
      const [w, h] = await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
      expect(w).toBeGreaterThanOrEqual(Math.floor((x1 - x0) * 2));
      expect(w).toBeLessThanOrEqual(Math.ceil((x1 - x0 + 24) * 2) + 2);
      expect(h).toBeGreaterThanOrEqual(Math.floor((y1 - y0) * 2));
      expect(h).toBeLessThanOrEqual(Math.ceil((y1 - y0 + 24) * 2) + 2);
      // What the cell prints is what the finding quotes (the image's alt text is the evidence's printed value).
      const alt = await image.getAttribute('alt');
      expect(alt && (await finding.textContent())?.replace(/\s+/g, '')).toContain(alt!.replace(/\s+/g, ''));
      await finding.screenshot({ path: path.join(ROOT, 'docs', 'flag-evidence.png') });
    });

    await step(page, 'form', async () => {
      await page.locator('table a[href^="/forms/"]').first().click();
      await expect.poll(() => page.locator('svg image').first().evaluate((img: SVGImageElement) => img.getBBox().width)).toBeGreaterThan(0);
      expect(await page.locator('svg rect').count()).toBeGreaterThan(10);
    });
    expect(outside).toEqual([]);
    await context.close();
  }, 180_000);

  it('refuses a write without a token, and a write with a read token, from the page\'s own origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    const anonymous = await page.evaluate(async () => (await fetch('/documents', { method: 'POST', body: new FormData() })).status);
    expect(anonymous).toBe(401);
    await page.fill('input[name=token]', READ);
    await page.click('form.box button');
    await page.waitForURL(`${base}/`);
    const reader = await page.evaluate(async () => {
      const form = new FormData();
      form.append('file', new Blob(['%PDF-1.4 tiny']), 'tiny.pdf');
      return (await fetch('/documents', { method: 'POST', body: form })).status;
    });
    expect(reader).toBe(403);
    // A reader gets no upload link, and the upload page sends them to log in with a write token.
    expect(await page.locator('header a[href="/upload"]').count()).toBe(0);
    await page.goto(`${base}/upload`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  }, 60_000);
});
