import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../services/config.ts';
import type { ApiServer } from '../services/http/api-server.ts';
import { checkListen, loadAccess } from '../services/http/auth.ts';
import { workbook } from '../services/export/xlsx.ts';
import { buildServer } from '../services/build-server.ts';
import { createInlineProcessor } from '../services/processing/inline-processor.ts';
import type { DocumentProcessor } from '../services/processing/processor.ts';
import { openStore } from '../services/store/open-store.ts';
import type { Store } from '../services/store/store.ts';
import { SAMPLES } from './fixtures/samples.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';

const scratch = scratchDirs('jixiao-http-');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const READ = 'r'.repeat(20), WRITE = 'w'.repeat(20);
const sample = (name: string) => readFileSync(path.join(SAMPLES, name));

/** A multipart body with one part per file, as a browser's form or curl -F sends it. */
function multipart(files: { field?: string; name: string; bytes: Buffer }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----jixiao-test-boundary';
  const parts = files.flatMap((f) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    f.bytes, Buffer.from('\r\n'),
  ]);
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function settled(processor: DocumentProcessor): Promise<void> {
  while (processor.pending()) await new Promise((r) => setTimeout(r, 100));
}

describe('the HTTP API with tokens', () => {
  let store: Store, app: ApiServer, processor: DocumentProcessor;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const config = loadConfig({ JIXIAO_DATA_DIR: scratch(), JIXIAO_API_TOKENS: `read:${READ},write:${WRITE}` });
    store = await openStore(config);
    processor = createInlineProcessor(store, silent, { concurrency: 1 });
    app = await buildServer({ store, access: loadAccess(config), processor, maxUploadBytes: 2 * 1048576, uploadsPerMinute: 5 }, { version: 'test', mode: 'embedded' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await processor?.close();
    await store?.close();
  });

  it('answers health without a token and documents its API', async () => {
    const health = await app.inject('/healthz');
    expect(health.json()).toMatchObject({ status: 'ok', mode: 'embedded', documents: 0 });
    const spec = (await app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/documents', '/documents/{id}', '/records', '/tables', '/findings', '/reports/departments', '/exports/{file}']));
    expect((await app.inject('/docs/')).statusCode).toBe(200);
  });

  it('refuses reads without a token and writes with a read token, as problem+json', async () => {
    const anonymous = await app.inject('/records');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    const upload = multipart([{ name: 'x.pdf', bytes: sample('t4-001-part1-digital.pdf') }]);
    const readOnly = await app.inject({ method: 'POST', url: '/documents', payload: upload.payload, headers: { ...upload.headers, ...auth(READ) } });
    expect(readOnly.statusCode).toBe(403);
    expect((await app.inject({ url: '/records', headers: auth('nonsense-token-of-some-length') })).statusCode).toBe(401);
  });

  it('stores uploads once by their sha256, refuses what is no document it reads or too large, and processes the rest', async () => {
    const upload = multipart([
      { name: 't4-001-part1-digital.pdf', bytes: sample('t4-001-part1-digital.pdf') },
      { name: 'again.pdf', bytes: sample('t4-001-part1-digital.pdf') },
      { name: 'notes.txt', bytes: Buffer.from('not a pdf at all') },
      { name: 'huge.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1048576)]) },
    ]);
    const response = await app.inject({ method: 'POST', url: '/documents', payload: upload.payload, headers: { ...upload.headers, ...auth(WRITE) } });
    expect(response.statusCode).toBe(202);
    const { documents } = response.json() as { documents: { fileName: string; id: string | null; outcome: string; error: string | null }[] };
    expect(documents.map((d) => [d.fileName, d.outcome])).toEqual([
      ['t4-001-part1-digital.pdf', 'queued'], ['again.pdf', 'queued'], ['notes.txt', 'rejected'], ['huge.pdf', 'rejected'],
    ]);
    expect(documents[0]!.id).toBe(documents[1]!.id);
    expect(documents[2]!.error).toContain('not a PDF, Word, Excel or web-page file');
    expect(documents[3]!.error).toContain('larger than 2 MB');
    await settled(processor);
    const id = documents[0]!.id!;
    const detail = (await app.inject({ url: `/documents/${id}`, headers: auth(READ) })).json() as { document: { status: string }; forms: unknown[] };
    expect(detail.document.status).toBe('validated');
    expect(detail.forms).toHaveLength(4);
  }, 120_000);

  it('pages records and findings in a stable order and filters them', async () => {
    const first = (await app.inject({ url: '/records?limit=3', headers: auth(READ) })).json() as { items: { record: { source: { ordinal: number } } }[]; total: number };
    expect(first.total).toBe(4);
    expect(first.items.map((v) => v.record.source.ordinal)).toEqual([1, 2, 3]);
    const rest = (await app.inject({ url: '/records?limit=3&offset=3', headers: auth(READ) })).json() as { items: unknown[] };
    expect(rest.items).toHaveLength(1);
    const year = (await app.inject({ url: '/records?year=1999', headers: auth(READ) })).json() as { total: number };
    expect(year.total).toBe(0);
    const all = (await app.inject({ url: '/findings?status=any&limit=500', headers: auth(READ) })).json() as { items: { source: string; finding: { status: string } }[]; total: number };
    expect(all.total).toBeGreaterThan(0);
    const again = (await app.inject({ url: '/findings?status=any&limit=500', headers: auth(READ) })).json();
    expect(again).toEqual(all);
    // Walked a few at a time, the pages give the same list: paged in the database, then the findings kept aside.
    const walked: unknown[] = [];
    for (let offset = 0; offset < all.total; offset += 7) {
      const page = (await app.inject({ url: `/findings?status=any&limit=7&offset=${offset}`, headers: auth(READ) })).json() as { items: unknown[]; total: number };
      expect(page.total).toBe(all.total);
      walked.push(...page.items);
    }
    expect(walked).toEqual(all.items);
    const i1 = (await app.inject({ url: '/findings?code=I1&status=any&limit=500', headers: auth(READ) })).json() as { items: { finding: { code: string } }[]; total: number };
    expect(i1.items.length).toBeGreaterThan(0);
    expect(i1.items.every((e) => e.finding.code === 'I1' || e.finding.code.startsWith('I1.'))).toBe(true);
    const passed = (await app.inject({ url: '/findings?status=pass&source=form', headers: auth(READ) })).json() as { items: { source: string; finding: { status: string } }[] };
    expect(passed.items.length).toBeGreaterThan(0);
    expect(passed.items.every((e) => e.source === 'form' && e.finding.status === 'pass')).toBe(true);
  });

  it('reports per unit and year, and streams the exports', async () => {
    const reports = (await app.inject({ url: '/reports/departments', headers: auth(READ) })).json() as { department: string; fiscalYear: number; forms: { total: number } }[];
    expect(reports.map((r) => r.forms.total)).toEqual([4]);
    const one = await app.inject({ url: `/reports/departments/${encodeURIComponent(reports[0]!.department)}/${reports[0]!.fiscalYear}`, headers: auth(READ) });
    expect(one.statusCode).toBe(200);
    expect((await app.inject({ url: '/reports/departments/nobody/2020', headers: auth(READ) })).statusCode).toBe(404);
    const jsonl = await app.inject({ url: '/exports/records.jsonl', headers: auth(READ) });
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    expect(jsonl.body.trim().split('\n')).toHaveLength(4);
    const csv = await app.inject({ url: '/exports/findings.csv', headers: auth(READ) });
    expect(csv.headers['content-disposition']).toContain('findings.csv');
    expect(csv.body.startsWith('\uFEFFdepartment,fiscalYear,file,page')).toBe(true);
  });

  it('renders a page and cuts a finding\'s evidence cell from it', async () => {
    const entries = (await app.inject({ url: '/findings?status=any&source=form&limit=500', headers: auth(READ) })).json().items as { documentId: string; finding: { evidence: { page: number | null; bbox: number[] | null }[] } }[];
    const withBox = entries.flatMap((e) => e.finding.evidence.filter((v) => v.page !== null && v.bbox !== null).map((v) => ({ id: e.documentId, page: v.page!, bbox: v.bbox! })))[0]!;
    const page = await app.inject({ url: `/documents/${withBox.id}/pages/${withBox.page}.png`, headers: auth(READ) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('image/png');
    const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    const [pageWidth] = size(page.rawPayload);
    expect(pageWidth).toBeGreaterThan(800);
    const crop = await app.inject({ url: `/documents/${withBox.id}/crop?page=${withBox.page}&bbox=${withBox.bbox.join(',')}`, headers: auth(READ) });
    expect(crop.statusCode).toBe(200);
    const [w, h] = size(crop.rawPayload);
    // The cell at 2 px a point, with 12 pt around it (less at the page's edge).
    const [x0, y0, x1, y1] = withBox.bbox as [number, number, number, number];
    expect(w).toBeLessThanOrEqual(Math.ceil((x1 - x0 + 24) * 2) + 2);
    expect(h).toBeLessThanOrEqual(Math.ceil((y1 - y0 + 24) * 2) + 2);
    expect(w).toBeGreaterThan((x1 - x0) * 2 - 2);
    const again = await app.inject({ url: `/documents/${withBox.id}/crop?page=${withBox.page}&bbox=${withBox.bbox.join(',')}`, headers: auth(READ) });
    expect(again.rawPayload.equals(crop.rawPayload)).toBe(true);
    expect((await app.inject({ url: `/documents/${withBox.id}/pages/99.png`, headers: auth(READ) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/documents/${withBox.id}/crop?page=1&bbox=5,5,1,1`, headers: auth(READ) })).statusCode).toBe(400);
    expect((await app.inject({ url: `/documents/${withBox.id}/pages/1.jpg`, headers: auth(READ) })).statusCode).toBe(400);
  }, 60_000);

  it('serves the exports as XLSX too, codes as text cells', async () => {
    const response = await app.inject({ url: '/exports/records.xlsx', headers: auth(READ) });
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const book = XLSX.read(response.rawPayload, { type: 'buffer' });
    expect(book.SheetNames).toEqual(['records']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['records']!);
    expect(rows.length).toBeGreaterThan(4);
    // The document id (hex digits) and every code stay text; amounts stay numbers.
    const cell = book.Sheets['records']!['A2'];
    expect(cell?.t).toBe('s');
  });

  it('answers bad input with a 400 or 404 naming what is wrong, never a 500', async () => {
    const cases: [string, number, string][] = [
      ['/records?limit=0', 400, 'limit'], ['/records?year=abc', 400, 'year'], ['/findings?severity=fatal', 400, 'severity'],
      ['/documents/not-an-id', 400, 'sha256'], [`/documents/${'0'.repeat(64)}`, 404, 'no document'], ['/exports/records.xml', 400, 'file'], ['/nowhere', 404, 'no route'],
    ];
    for (const [url, status, words] of cases) {
      const response = await app.inject({ url, headers: auth(READ) });
      expect([url, response.statusCode]).toEqual([url, status]);
      expect(response.json().detail).toContain(words);
    }
    const notMultipart = await app.inject({ method: 'POST', url: '/documents', payload: { file: 'x' }, headers: auth(WRITE) });
    expect(notMultipart.statusCode).toBe(400);
    const noFile = multipart([{ field: 'other', name: 'a.pdf', bytes: sample('t4-001-part1-digital.pdf') }]);
    const wrongField = await app.inject({ method: 'POST', url: '/documents', payload: noFile.payload, headers: { ...noFile.headers, ...auth(WRITE) } });
    expect(wrongField.statusCode).toBe(202);
    expect((wrongField.json() as { documents: { outcome: string; error: string }[] }).documents[0]).toMatchObject({ outcome: 'rejected', error: expect.stringContaining('"file"') });
  });

  it('limits uploads per client', async () => {
    const upload = multipart([{ name: 'x.txt', bytes: Buffer.from('no') }]);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await app.inject({ method: 'POST', url: '/documents', payload: upload.payload, headers: { ...upload.headers, ...auth(WRITE) } })).statusCode);
    expect(codes).toContain(429);
  });

  it('runs a document again on retry', async () => {
    const [document] = (await app.inject({ url: '/documents', headers: auth(READ) })).json().items as { id: string; run: number }[];
    const retried = await app.inject({ method: 'POST', url: `/documents/${document!.id}/retry`, headers: auth(WRITE) });
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ id: document!.id, run: document!.run + 1 });
    await settled(processor);
    expect(((await app.inject({ url: `/documents/${document!.id}`, headers: auth(READ) })).json() as { document: { status: string } }).document.status).toBe('validated');
  }, 120_000);
});

describe('workbooks', () => {
  it('keep 科目 codes and text that looks like a formula as text, numbers as numbers, sheet names Excel accepts', () => {
    const bytes = workbook([
      { name: 'general_public_functional', header: ['code', 'name', 'value'], rows: [['2010601', '=HYPERLINK("x")', 1511.89], ['00201', null, 0]] },
      { name: 'a/b:c', header: ['x'], rows: [] },
    ]);
    const book = XLSX.read(bytes, { type: 'buffer' });
    expect(book.SheetNames).toEqual(['general_public_functional', 'a b c']);
    const sheet = book.Sheets['general_public_functional']!;
    expect([sheet['A2']?.t, sheet['A2']?.v, sheet['A3']?.v, sheet['B2']?.t, sheet['B2']?.f, sheet['C2']?.t, sheet['C2']?.v]).toEqual(['s', '2010601', '00201', 's', undefined, 'n', 1511.89]);
  });
});

describe('an open server (no token configured)', () => {
  it('listens on loopback only', () => {
    const open = loadAccess(loadConfig({}));
    expect(open.open).toBe(true);
    expect(() => checkListen(open, '127.0.0.1')).not.toThrow();
    expect(() => checkListen(open, '0.0.0.0')).toThrow(/loopback only/);
    expect(() => checkListen(loadAccess(loadConfig({ JIXIAO_API_TOKENS: `read:${READ}` })), '0.0.0.0')).not.toThrow();
  });

  it('reads tokens from a file, one scope:token a line, comments allowed', () => {
    const dir = scratch();
    const file = path.join(dir, 'tokens');
    writeFileSync(file, `# reviewers\nread:${READ}\n\nwrite:${WRITE}  # the uploader\n`);
    const access = loadAccess(loadConfig({ JIXIAO_API_TOKENS_FILE: file }));
    expect(access.open).toBe(false);
    expect([...access.tokens]).toEqual([[READ, 'read'], [WRITE, 'write']]);
  });

  it('refuses a malformed token entry at start', () => {
    expect(() => loadAccess(loadConfig({ JIXIAO_API_TOKENS: 'admin:short' }))).toThrow(/scope:token/);
  });
});
