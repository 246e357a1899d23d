import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractRecordInput, type DocumentId, type FindingEntry, type ValidatedRecord } from '../schemas/index.ts';
import type { ApiServer } from '../services/http/api-server.ts';
import { buildServer } from '../services/build-server.ts';
import { formRecordFromContract } from '../services/import/form-record-from-contract.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPglite } from '../services/store/pglite.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { SAMPLES } from './fixtures/samples.ts';

/**
 * Findings stored on forms are paged in the database; the flags comparing forms are worked out over the year and
 * kept aside. A reader walking the pages must see one list, whatever the page size, and a new document must
 * change what is kept.
 */
describe('GET /findings over stored and worked-out findings', () => {
  let store: Store, app: ApiServer;
  const forms = (JSON.parse(readFileSync(path.join(SAMPLES, 'expected', 't2-004-part1-digital.records.json'), 'utf8')) as unknown[])
    .slice(0, 6).map((r, i) => formRecordFromContract(ContractRecordInput.parse(r), i + 1));

  /** A document of the sample's forms under another name each: the goals stay, so every form copies one in the first document. */
  async function addCopy(n: number): Promise<void> {
    const { info } = await store.putDocument({ fileName: `copy-${n}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.4 copy ${n}`) });
    const records: ValidatedRecord[] = forms.map((r) => validateRecord({
      ...r, projectName: `${r.projectName ?? '项目'}（第${n}份）`, department: '测试部门', fiscalYear: 2024,
      source: { ...r.source, documentId: info.id as DocumentId, file: `copy-${n}.pdf` },
    }));
    await store.saveRecords(info.id, records);
    await store.setStatus(info.id, 'validated');
  }

  const get = async (url: string) => (await app.inject({ url })).json() as { items: FindingEntry[]; total: number };

  beforeAll(async () => {
    const sql = await openPglite('memory://');
    await migrate(sql);
    store = createSqlStore(sql);
    await addCopy(1);
    app = await buildServer({ store, access: { tokens: new Map(), open: true }, processor: { submit: async () => undefined, pending: () => 0, close: async () => undefined }, maxUploadBytes: 1048576 }, { version: 'test', mode: 'embedded' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('adds the flags comparing forms when a second document copies the first, and pages through both kinds', async () => {
    const before = await get('/findings?status=any&limit=500');
    const copiedBefore = before.items.filter((e) => e.finding.code.startsWith('CROSS_FORM'));
    await addCopy(2);
    const after = await get('/findings?status=any&limit=500');
    const copied = after.items.filter((e) => e.finding.code.startsWith('CROSS_FORM'));
    expect(new Set(copied.map((e) => e.documentId)).size).toBe(2);
    expect(copied.length).toBeGreaterThan(copiedBefore.length);
    expect(after.total).toBe(after.items.length);
    // Stored findings first (document, form, finding), the worked-out ones after them.
    const firstWorkedOut = after.items.findIndex((e) => e.finding.code.startsWith('CROSS_FORM'));
    expect(after.items.slice(firstWorkedOut).every((e) => e.finding.code.startsWith('CROSS_FORM'))).toBe(true);
    for (const size of [1, 7, 50]) {
      const walked: FindingEntry[] = [];
      for (let offset = 0; offset < after.total; offset += size) walked.push(...(await get(`/findings?status=any&limit=${size}&offset=${offset}`)).items);
      expect(walked).toEqual(after.items);
    }
    // Filters apply to both kinds alike.
    const flags = await get('/findings?code=CROSS_FORM_SAME_GOAL&limit=500');
    expect(flags.total).toBe(copied.filter((e) => e.finding.code === 'CROSS_FORM_SAME_GOAL' && e.finding.status === 'fail').length);
    expect(flags.total).toBeGreaterThan(0);
    expect((await get('/findings?department=其他部门&status=any')).total).toBe(0);
    // The records carry the same flags.
    const records = (await app.inject({ url: '/records?limit=500' })).json() as { items: ValidatedRecord[] };
    const onRecords = records.items.flatMap((v) => v.findings).filter((f) => f.code.startsWith('CROSS_FORM'));
    expect(onRecords).toEqual(copied.map((e) => e.finding));
  });
});
