import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedTable } from '../schemas/index.ts';
import { reviewedDocuments } from '../services/report/reviewed-records.ts';
import { migrate, migrations } from '../services/store/migrations.ts';
import { openPglite } from '../services/store/pglite.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { makeFinding, makeValidated } from './fixtures/records.ts';
import { PG_URL, probePostgres } from './fixtures/services.ts';

const pgDown = await probePostgres(PG_URL);
// Each run works in its own schema, dropped afterwards, so runs on one server never see each other.
const pgSchema = `jixiao_test_${randomUUID().replaceAll('-', '')}`;

describeStore('store on PGlite (memory://)', () => openPglite('memory://'));

describe('PostgreSQL for the store tests', () => {
  // On CI a missing server is a broken setup, not a reason to pass with half the suite skipped.
  it.runIf(process.env.CI === 'true')('is reachable on CI', () => {
    expect(pgDown, 'start it: pg_ctlcluster --skip-systemctl-redirect <version> main start, or set DATABASE_URL').toBeNull();
  });
});

describe.skipIf(pgDown !== null)(`store on PostgreSQL${pgDown ? ` (skipped: ${pgDown})` : ''}`, () => {
  let admin: Sql;
  beforeAll(async () => {
    admin = await openPostgres(PG_URL, { max: 2 });
    await admin.exec(`create schema ${pgSchema}`);
  });
  afterAll(async () => {
    await admin?.exec(`drop schema if exists ${pgSchema} cascade`);
    await admin?.close();
  });

  describeStore('shared suite', () => openPostgres(PG_URL, { schema: pgSchema }));

  it('applies each migration once when several processes migrate at the same time', async () => {
    const schema = `${pgSchema}_race`;
    await admin.exec(`create schema ${schema}`);
    const pools = await Promise.all([1, 2, 3].map(() => openPostgres(PG_URL, { schema, max: 1 })));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(applied.flat().sort()).toEqual(ALL_VERSIONS);
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
      await admin.exec(`drop schema ${schema} cascade`);
    }
  });
});

const ALL_VERSIONS = migrations.map((m) => m.version);

function describeStore(name: string, open: () => Promise<Sql>): void {
  describe(name, () => {
    let sql: Sql;
    let store: Store;
    let firstMigration: number[];
    beforeAll(async () => {
      sql = await open();
      firstMigration = await migrate(sql);
      store = createSqlStore(sql);
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });

    const pdf = (label: string): Uint8Array => new Uint8Array([...new TextEncoder().encode(`%PDF-1.7 ${label}\n`), 0, 255, 128]);
    const put = async (label: string) => (await store.putDocument({ fileName: `${label}.pdf`, bytes: pdf(label) })).info;

    it('migrates an empty database, and a second migrate changes nothing', async () => {
      expect(firstMigration).toEqual(ALL_VERSIONS);
      expect(await migrate(sql)).toEqual([]);
      const { rows } = await sql.query('select count(*)::integer as n from schema_migrations');
      expect(rows).toEqual([{ n: ALL_VERSIONS.length }]);
    });

    it('stores the same bytes once and says so on the second put', async () => {
      const bytes = pdf('idempotent');
      const first = await store.putDocument({ fileName: '部门预算.pdf', bytes });
      const second = await store.putDocument({ fileName: 'renamed.pdf', bytes });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.info).toEqual(first.info);
      expect(first.info).toMatchObject({ fileName: '部门预算.pdf', byteSize: bytes.byteLength, status: 'received', pageCount: null, error: null });
      expect(first.info.id).toMatch(/^[0-9a-f]{64}$/);
      const { rows } = await sql.query('select count(*)::integer as n from documents where id = $1', [first.info.id]);
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('returns the stored bytes as a plain Uint8Array', async () => {
      const bytes = new Uint8Array(randomBytes(300_000));
      const { info } = await store.putDocument({ fileName: 'random.pdf', bytes });
      const back = await store.readBytes(info.id);
      expect(back.constructor).toBe(Uint8Array);
      expect(Buffer.from(back).equals(bytes)).toBe(true);
    });

    it('refuses to read the bytes of an unknown document', async () => {
      await expect(store.readBytes('0'.repeat(64))).rejects.toThrow(/no document 0{64}/);
    });

    it('writes, overwrites and reads back artifacts per stage', async () => {
      const { id } = await put('artifacts');
      await store.writeArtifact(id, 'extract', { pages: [{ text: '第一页' }], n: 1.5 });
      await store.writeArtifact(id, 'extract', { pages: [{ text: '第二版' }], n: 2 });
      await store.writeArtifact(id, 'normalize', [1, 2, 3]);
      expect(await store.readArtifact(id, 'extract')).toEqual({ pages: [{ text: '第二版' }], n: 2 });
      expect(await store.readArtifact(id, 'normalize')).toEqual([1, 2, 3]);
      await expect(store.readArtifact(id, 'validate')).rejects.toThrow(/no validate artifact/);
    });

    it('keeps an artifact\'s text exactly, U+0000 and unpaired surrogates included (stored as JSON text)', async () => {
      const { id } = await put('nul');
      await store.writeArtifact(id, 'extract', { text: 'a\u0000b\ud800c', kept: 'a\\u0000b' });
      expect(await store.readArtifact(id, 'extract')).toEqual({ text: 'a\u0000b\ud800c', kept: 'a\\u0000b' });
    });

    it('stores a record\'s text with U+0000 and unpaired surrogates as U+FFFD, which jsonb cannot hold', async () => {
      const { id } = await put('nul-record');
      await store.saveRecords(id, [makeValidated(id, 1, { projectName: 'a\u0000b\ud800c' }, [])]);
      expect((await store.listRecords({ documentId: id }))[0]!.record.projectName).toBe('a\ufffdb\ufffdc');
    });

    it('updates status, error and page count, keeping what the patch leaves out', async () => {
      const { id } = await put('status');
      await store.setStatus(id, 'extracted', { pageCount: 36 });
      await store.setStatus(id, 'failed', { error: '文件已加密' });
      expect(await store.getDocument(id)).toMatchObject({ status: 'failed', pageCount: 36, error: '文件已加密' });
      expect(await store.resetDocument(id)).toBe(1);
      expect(await store.getDocument(id)).toMatchObject({ status: 'received', pageCount: 36, error: null, run: 1 });
      expect((await store.listDocuments({ status: 'received' })).map((d) => d.id)).toContain(id);
      expect((await store.listDocuments({ status: 'failed' })).map((d) => d.id)).not.toContain(id);
      await expect(store.setStatus('f'.repeat(64), 'failed')).rejects.toThrow(/no document/);
      await expect(store.resetDocument('f'.repeat(64))).rejects.toThrow(/no document/);
      expect(await store.getDocument('f'.repeat(64))).toBeNull();
    });

    it('moves a status only forward: a stale step finishing late cannot move a document back', async () => {
      const { id } = await put('forward');
      const status = async () => (await store.getDocument(id))!.status;
      expect(await store.setStatus(id, 'extracted', { pageCount: 3 })).toBe(true);
      expect(await store.setStatus(id, 'extracted')).toBe(true); // the same step again (a retry) still applies
      expect(await store.setStatus(id, 'normalized')).toBe(true);
      expect(await store.setStatus(id, 'validated')).toBe(true);
      for (const back of ['received', 'extracted', 'normalized'] as const) {
        expect(await store.setStatus(id, back, { pageCount: 99 })).toBe(false);
        expect(await status()).toBe('validated');
      }
      // A stale job's last failure must not undo a finished document, nor write its reason or facts on it.
      expect(await store.setStatus(id, 'failed', { error: 'extract: stale', pageCount: 99 })).toBe(false);
      expect(await store.getDocument(id)).toMatchObject({ status: 'validated', error: null, pageCount: 3 });
    });

    it('fails from any unfinished status; failed stays failed until a reset', async () => {
      for (const from of ['received', 'extracted', 'normalized'] as const) {
        const { id } = await put(`fail-from-${from}`);
        if (from !== 'received') expect(await store.setStatus(id, from)).toBe(true);
        expect(await store.setStatus(id, 'failed', { error: `${from}: broken` })).toBe(true);
        expect(await store.setStatus(id, 'failed', { error: 'again' })).toBe(true);
        for (const next of ['received', 'extracted', 'normalized', 'validated'] as const) expect(await store.setStatus(id, next)).toBe(false);
        expect(await store.getDocument(id)).toMatchObject({ status: 'failed', error: 'again' });
      }
    });

    it('resets a document for a deliberate re-run, in a new run that jobs of the old one cannot move', async () => {
      const { id } = await put('reset');
      expect((await store.getDocument(id))!.run).toBe(0);
      await store.setStatus(id, 'extracted', { pageCount: 5, pagesFailed: 2, note: '第3页无法读取' }, 0);
      await store.setStatus(id, 'validated', {}, 0);
      expect(await store.resetDocument(id)).toBe(1);
      expect(await store.getDocument(id)).toMatchObject({ status: 'received', run: 1, error: null, note: null, pagesFailed: 0, pageCount: 5 });
      // A job of run 0 still going: none of its statuses, failures included, apply any more.
      expect(await store.setStatus(id, 'extracted', {}, 0)).toBe(false);
      expect(await store.setStatus(id, 'failed', { error: 'stale' }, 0)).toBe(false);
      expect(await store.getDocument(id)).toMatchObject({ status: 'received', run: 1, error: null });
      // The new run's do; without a run (the in-process runner) only the order counts.
      expect(await store.setStatus(id, 'extracted', {}, 1)).toBe(true);
      expect(await store.setStatus(id, 'normalized')).toBe(true);
      expect(await store.resetDocument(id)).toBe(2);
      expect(await store.setStatus(id, 'validated', {}, 1)).toBe(false);
    });

    it('replaces the records of a document, so saving twice leaves one copy', async () => {
      const { id } = await put('records');
      const records = [
        makeValidated(id, 1, {}, [makeFinding(), makeFinding({ code: 'I2', status: 'fail', message: '合计不等于各项之和' })]),
        makeValidated(id, 2),
      ];
      await store.saveRecords(id, records);
      await store.saveRecords(id, records);
      expect(await store.listRecords({ documentId: id })).toEqual(records);
      const count = async (table: string) =>
        (await sql.query(`select count(*)::integer as n from ${table} where document_id = $1`, [id])).rows;
      expect(await count('records')).toEqual([{ n: 2 }]);
      expect(await count('findings')).toEqual([{ n: 3 }]);

      await store.saveRecords(id, [makeValidated(id, 1, { projectName: '改名项目' }, [])]);
      expect((await store.listRecords({ documentId: id })).map((v) => v.record.projectName)).toEqual(['改名项目']);
      expect(await count('findings')).toEqual([{ n: 0 }]);
    });

    it('stores department tables with their checks, replaces them on a second save, and filters them', async () => {
      const { id } = await put('tables');
      const table = (ordinal: number, department: string): CheckedTable => ({
        table: {
          tableNo: `公开0${ordinal}表`, title: '收入预算总表', kind: 'income', stage: 'budget', fiscalYear: 2018, department, unit: '万元',
          columns: [{ key: 'c3', header: '金额' }],
          rows: [{ code: null, name: '收入总计', kind: 'total', cells: { c3: 10150.48 }, printed: { c3: '10,150.48' } }],
          source: { file: 'x.pdf', page: ordinal, pages: [ordinal], documentId: id, ordinal },
        },
        findings: [makeFinding({ code: 'I8.tree' })],
      });
      const tables = [table(1, '江苏省政协办公厅'), table(2, '江苏省人大办公厅')];
      await store.saveTables(id, tables);
      await store.saveTables(id, tables);
      expect(await store.listTables({ documentId: id })).toEqual(tables);
      expect(await store.listTables({ department: '江苏省人大办公厅', documentId: id })).toEqual([tables[1]]);
      await store.saveTables(id, [tables[0]!]);
      expect(await store.listTables({ documentId: id })).toHaveLength(1);
      await expect(store.saveTables(id, [table(1, 'x')].map((t) => ({ ...t, table: { ...t.table, source: { ...t.table.source, documentId: 'f'.repeat(64) } } }))))
        .rejects.toThrow(/belongs to document/);
    });

    it('stores a document\'s own checks once, replaces them on a second save, and lists them with the file', async () => {
      const { id } = await put('prose');
      const checks = { subject: { department: '上海市某局', fiscalYear: 2024, stage: 'final_accounts' as const }, findings: [makeFinding({ code: 'I8.prose.year' })], prose: [] };
      await store.saveDocumentChecks(id, checks);
      await store.saveDocumentChecks(id, { ...checks, findings: [...checks.findings, makeFinding({ code: 'I8.prose.figure' })] });
      const listed = await store.listDocumentChecks({ documentId: id });
      expect(listed.map((c) => [c.documentId, c.file, c.findings.map((f) => f.code)])).toEqual([[id, 'prose.pdf', ['I8.prose.year', 'I8.prose.figure']]]);
      expect(await store.listDocumentChecks({ department: '上海市某局', fiscalYear: 2023 })).toEqual([]);
    });

    it('validates again a record stored by an older jixiao, without its score and quality', async () => {
      const { id } = await put('older');
      const current = makeValidated(id, 1);
      await store.saveRecords(id, [current]);
      // What session-1 code wrote: the record and its findings only.
      await sql.query(`update records set data = data - 'score' - 'quality' where document_id = $1`, [id]);
      const [read] = await store.listRecords({ documentId: id });
      expect(read).toEqual(validateRecord(current.record));
      expect(read!.score.status).toBe('recomputed');
      await sql.query(`update records set data = '{"record": {}}'::jsonb where document_id = $1`, [id]);
      await expect(store.listRecords({ documentId: id })).rejects.toThrow();
      await sql.query('delete from records where document_id = $1', [id]);
    });

    it('compares a document\'s forms with the stored forms of the same year when exporting them', async () => {
      const a = (await put('review-a')).id, b = (await put('review-b')).id;
      const department = `测试部门-${randomUUID()}`;
      const goals = { expected: '完成全州国土变更调查，形成年度变更调查成果并按时上报自治区审核', actual: null };
      await store.saveRecords(a, [makeValidated(a, 1, { department, fiscalYear: 2031, projectName: '甲项目', goals })]);
      await store.saveRecords(b, [makeValidated(b, 1, { department, fiscalYear: 2031, projectName: '乙项目', goals })]);
      const [mine, ...more] = await reviewedDocuments(store, [a]);
      expect(more).toEqual([]);
      expect(mine!.record.source.documentId).toBe(a);
      // Same budget, goal and indicators (the fixture's) under two names.
      const shared = mine!.findings.filter((f) => f.code === 'CROSS_FORM_DUPLICATE_PROJECT');
      expect(shared).toHaveLength(1);
      expect(shared[0]!.evidence.at(-1)!.form).toMatchObject({ documentId: b, ordinal: 1 });
      await sql.query('delete from records where document_id = any($1)', [[a, b]]);
    });

    it('rejects records that belong to another document', async () => {
      const { id } = await put('foreign');
      await expect(store.saveRecords(id, [makeValidated('a'.repeat(64), 1)])).rejects.toThrow(/belongs to document/);
    });

    it('filters records by document, department and fiscal year', async () => {
      const a = (await put('filter-a')).id;
      const b = (await put('filter-b')).id;
      const department = `测试部门-${randomUUID()}`;
      await store.saveRecords(a, [makeValidated(a, 1, { department, fiscalYear: 2021 }), makeValidated(a, 2, { department, fiscalYear: 2024 })]);
      await store.saveRecords(b, [makeValidated(b, 1, { department, fiscalYear: 2024 }), makeValidated(b, 2, { fiscalYear: 2024 })]);
      const keys = (records: { record: { source: { documentId: string; ordinal: number } } }[]) =>
        records.map(({ record }) => `${record.source.documentId === a ? 'a' : 'b'}${record.source.ordinal}`).sort();
      expect(keys(await store.listRecords({ documentId: b }))).toEqual(['b1', 'b2']);
      expect(keys(await store.listRecords({ department }))).toEqual(['a1', 'a2', 'b1']);
      expect(keys(await store.listRecords({ department, fiscalYear: 2024 }))).toEqual(['a2', 'b1']);
      expect(keys(await store.listRecords({ documentId: a, fiscalYear: 2021 }))).toEqual(['a1']);
      expect(keys((await store.listRecords()).filter((v) => [a, b].includes(v.record.source.documentId)))).toEqual(['a1', 'a2', 'b1', 'b2']);
    });
  });
}
