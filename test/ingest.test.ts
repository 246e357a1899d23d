import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DepartmentReport } from '../schemas/index.ts';
import { ingest } from '../services/cli/ingest.ts';
import { reportCommand } from '../services/cli/report-command.ts';
import { openStore } from '../services/store/open-store.ts';
import type { Store } from '../services/store/store.ts';
import { capture, sink } from './fixtures/cli-io.ts';
import { SAMPLES } from './fixtures/samples.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };



describe('the jixiao command', () => {
  it('is executable once built, as `npx jixiao` runs it straight from package.json bin', async () => {
    const pkg = JSON.parse(await readFile(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { bin: { jixiao: string } };
    const { mode } = await stat(path.join(import.meta.dirname, '..', pkg.bin.jixiao));
    expect(mode & 0o111).toBe(0o111);
  });
});

describe('jixiao ingest', () => {
  let dir: string;
  let store: Store;
  let files: Record<'good' | 'copy' | 'truncated' | 'notPdf', string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jixiao-ingest-'));
    store = await openStore({ JIXIAO_DATA_DIR: path.join(dir, 'data'), JIXIAO_STORE_WAIT_SECONDS: 0 });
    const good = path.join(SAMPLES, 't4-001-part1-digital.pdf');
    files = { good, copy: path.join(dir, 'same-bytes-other-name.pdf'), truncated: path.join(dir, 'truncated.pdf'), notPdf: path.join(dir, 'scan.pdf') };
    await copyFile(good, files.copy);
    await writeFile(files.truncated, (await readFile(path.join(SAMPLES, 't2-004-part1-digital.pdf'))).subarray(0, 150_000));
    await writeFile(files.notPdf, '<html>not found</html>');
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports bad documents with their reason and still finishes the good ones', async () => {
    const io = capture();
    const out = path.join(dir, 'run.jsonl');
    const code = await ingest({ paths: [files.truncated, files.notPdf, files.good, files.copy], out, concurrency: 2, force: false, pool: { ocrEngine: 'paddle' } }, store, silent, io);
    const report = io.out.join('') + io.err.join('');
    expect(code).toBe(2);
    expect(report).toMatch(/truncated\.pdf\s+failed.*(not a readable PDF|damaged)/);
    expect(report).toMatch(/scan\.pdf\s+failed.*a web page without a table/);
    expect(report).toMatch(/t4-001-part1-digital\.pdf\s+validated\s+6\s+4/);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { source: { file: string; page: number }; projectName: string });
    expect(lines.map((r) => r.projectName.replace(/\s+/g, ''))).toEqual(['国土变更调查工作项目', '昌吉州用水总量控制落图工作经费', '卫片执法专项经费', '2023年度昌吉州自然资源统一确权登记工作']);
    expect(lines.every((r) => r.source.file === 't4-001-part1-digital.pdf')).toBe(true);
  }, 60_000);

  it('stores a document once however often it is ingested, and does not process it again', async () => {
    const io = capture();
    await ingest({ paths: [files.good, files.copy], concurrency: 1, force: false, pool: { ocrEngine: 'paddle' } }, store, silent, io);
    expect(io.out.join('')).toMatch(/0 processed, 2 already in the store/);
    const code = await ingest({ paths: [files.good], concurrency: 1, force: true, pool: { ocrEngine: 'paddle' } }, store, silent, capture());
    expect(code).toBe(0);
    const documents = await store.listDocuments();
    expect(documents.filter((d) => d.status === 'validated')).toHaveLength(1);
    expect(documents).toHaveLength(3);
    expect(await store.listRecords()).toHaveLength(4);
  }, 60_000);

  it('reports the stored forms per department and year, in every format', async () => {
    const json = sink();
    expect(await reportCommand({ format: 'json', filter: {} }, store, capture(), json.stream)).toBe(0);
    const [report, ...others] = DepartmentReport.array().parse(JSON.parse(json.text()));
    expect(others).toEqual([]);
    expect(report).toMatchObject({ fiscalYear: 2023, forms: { total: 4, byType: { project_performance_target: 4 } }, recomputed: { forms: 0 } });
    const md = sink();
    await reportCommand({ format: 'md', filter: { fiscalYear: 2023 } }, store, capture(), md.stream);
    expect(md.text()).toContain(`## ${report!.department} — 2023`);
    const io = capture();
    const none = sink();
    await reportCommand({ format: 'csv', filter: { fiscalYear: 1999 } }, store, io, none.stream);
    expect(none.text().split('\r\n')[0]).toBe('\uFEFFdepartment,fiscalYear,file,page,ordinal,projectName,kind,code,severity,message,expected,printed,evidenceFields,evidencePages,qualityLevel');
    expect(io.err.join('')).toContain('no records for this selection');
  });

  it('names paths that do not exist instead of stopping', async () => {
    const io = capture();
    const code = await ingest({ paths: [path.join(dir, 'missing-folder')], concurrency: 1, force: false, pool: { ocrEngine: 'paddle' } }, store, silent, io);
    expect(code).toBe(2);
    expect(io.out.join('')).toMatch(/missing-folder\s+unreadable.*no such file or folder/);
  });
});
