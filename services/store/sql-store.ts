import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CrawlReport, CrawlUrlState, DocumentSource, CheckedTable, DocumentChecks, DocumentInfo, Finding, FormRecord, ValidatedRecord, type DocumentId } from '../../schemas/index.ts';
import { validateRecord } from '../../workers/validate/validate-record.ts';
import type { Sql, SqlTx } from './sql.ts';
import type { FindingFilter, RecordFilter, Store } from './store.ts';

/** A store over PGlite or PostgreSQL; the schema must be migrated (`migrate`). `close()` closes `sql`. */
export function createSqlStore(sql: Sql): Store {
  return {
    putDocument: async ({ fileName, bytes }) => {
      const id = createHash('sha256').update(bytes).digest('hex');
      return sql.transaction(async (tx) => {
        const inserted = await tx.query(
          `insert into documents (id, file_name, byte_size, status) values ($1, $2, $3, 'received')
           on conflict (id) do nothing returning id`,
          [id, cleanText(fileName), bytes.byteLength],
        );
        const created = inserted.rows.length > 0;
        if (created) await tx.query('insert into document_bytes (id, bytes) values ($1, $2)', [id, bytes]);
        const info = await selectDocument(tx, id);
        if (!info) throw new Error(`document ${id} vanished while it was being stored`);
        return { info, created };
      });
    },

    getDocument: (id) => selectDocument(sql, id),

    readBytes: async (id) => {
      const { rows } = await sql.query('select bytes from document_bytes where id = $1', [id]);
      if (rows.length === 0) throw new Error(`no document ${id} in the store`);
      // pg gives a Buffer, often a view into a shared pool slab: copy so the caller owns the whole buffer.
      return new Uint8Array(BytesRow.parse(rows[0]).bytes);
    },

    readArtifact: async (id, stage) => {
      const { rows } = await sql.query('select data from artifacts where document_id = $1 and stage = $2', [id, stage]);
      if (rows.length === 0) throw new Error(`no ${stage} artifact for document ${id}: has the ${stage} stage run?`);
      return JSON.parse(TextRow.parse(rows[0]).data) as unknown;
    },

    writeArtifact: async (id, stage, data) => {
      // JSON text, not jsonb: escaped \u0000 and lone surrogates are kept as written and come back exactly.
      await sql.query(
        `insert into artifacts (document_id, stage, data) values ($1, $2, $3)
         on conflict (document_id, stage) do update set data = excluded.data, updated_at = now()`,
        [id, stage, JSON.stringify(data) ?? 'null'],
      );
    },

    setStatus: async (id, status, patch = {}, run) => {
      const params: unknown[] = [id, status, run ?? null];
      const sets = ['status = $2::text', 'updated_at = now()'];
      if (patch.error !== undefined) sets.push(`error = $${params.push(patch.error === null ? null : cleanText(patch.error))}`);
      if (patch.pageCount !== undefined) sets.push(`page_count = $${params.push(patch.pageCount)}`);
      if (patch.pagesFailed !== undefined) sets.push(`pages_failed = $${params.push(patch.pagesFailed)}`);
      if (patch.note !== undefined) sets.push(`note = $${params.push(patch.note === null ? null : cleanText(patch.note))}`);
      // One statement, so that two workers finishing steps of one document at once cannot interleave a check and a write.
      const { rows } = await sql.query(
        `update documents set ${sets.join(', ')}
         where id = $1 and ($3::integer is null or run = $3::integer) and ${MOVES_FORWARD}
         returning id`,
        params,
      );
      if (rows.length > 0) return true;
      if (!(await selectDocument(sql, id))) throw new Error(`no document ${id} in the store`);
      return false;
    },

    resetDocument: async (id) => {
      const { rows } = await sql.query(
        `update documents set status = 'received', error = null, note = null, pages_failed = 0, run = run + 1, updated_at = now()
         where id = $1 returning run`,
        [id],
      );
      if (rows.length === 0) throw new Error(`no document ${id} in the store`);
      return RunRow.parse(rows[0]).run;
    },

    saveRecords: async (id, records) => {
      checkRecords(id, records);
      const json = toJsonb(records);
      await sql.transaction(async (tx) => {
        await tx.query('delete from findings where document_id = $1', [id]);
        await tx.query('delete from records where document_id = $1', [id]);
        // Set-based from one JSON parameter: one round trip per table, whatever the number of forms.
        await tx.query(
          `insert into records (document_id, ordinal, form_type, fiscal_year, department, project_name, data)
           select $1, (v -> 'record' -> 'source' ->> 'ordinal')::integer, v -> 'record' ->> 'formType',
                  (v -> 'record' ->> 'fiscalYear')::integer, v -> 'record' ->> 'department', v -> 'record' ->> 'projectName', v
           from jsonb_array_elements($2::jsonb) as v`,
          [id, json],
        );
        // From the rows just written, not from the parameter again: the records' JSON is parsed once.
        await tx.query(
          `insert into findings (document_id, ordinal, seq, code, kind, status, severity, message, data)
           select r.document_id, r.ordinal, f.seq,
                  f.value ->> 'code', f.value ->> 'kind', f.value ->> 'status', f.value ->> 'severity', f.value ->> 'message', f.value
           from records r, jsonb_array_elements(r.data -> 'findings') with ordinality as f (value, seq)
           where r.document_id = $1`,
          [id],
        );
      });
    },

    saveTables: async (id, tables) => {
      for (const { table } of tables) {
        if (table.source.documentId !== id) throw new Error(`table ${table.source.ordinal} belongs to document ${table.source.documentId}, not ${id}`);
      }
      await sql.transaction(async (tx) => {
        await tx.query('delete from department_tables where document_id = $1', [id]);
        await tx.query(
          `insert into department_tables (document_id, ordinal, kind, table_no, title, fiscal_year, department, data)
           select $1, (v -> 'table' -> 'source' ->> 'ordinal')::integer, v -> 'table' ->> 'kind', v -> 'table' ->> 'tableNo',
                  v -> 'table' ->> 'title', (v -> 'table' ->> 'fiscalYear')::integer, v -> 'table' ->> 'department', v
           from jsonb_array_elements($2::jsonb) as v`,
          [id, toJsonb(tables)],
        );
      });
    },

    saveDocumentChecks: async (id, checks) => {
      await sql.query(
        `insert into document_checks (document_id, fiscal_year, department, data) values ($1, $2, $3, $4::jsonb)
         on conflict (document_id) do update set fiscal_year = excluded.fiscal_year, department = excluded.department, data = excluded.data`,
        [id, checks.subject.fiscalYear, checks.subject.department, toJsonb(checks)],
      );
    },

    listDocumentChecks: async (filter: RecordFilter = {}) => {
      const { where, params } = filterClause(filter, 'c.');
      const { rows } = await sql.query(
        `select c.document_id, d.file_name, c.data from document_checks c join documents d on d.id = c.document_id ${where} order by d.received_at, c.document_id`,
        params,
      );
      return rows.map((row) => {
        const { document_id, file_name, data } = CheckRow.parse(row);
        return { documentId: document_id, file: file_name, ...DocumentChecks.parse(data) };
      });
    },

    listTables: async (filter: RecordFilter = {}) => {
      const { where, params } = filterClause(filter);
      const { rows } = await sql.query(`select data from department_tables ${where} order by document_id, ordinal`, params);
      return rows.map((row) => CheckedTable.parse(DataRow.parse(row).data));
    },

    listRecords: async (filter: RecordFilter = {}) => {
      const { where, params } = filterClause(filter);
      const { rows } = await sql.query(`select data from records ${where} order by document_id, ordinal`, params);
      return rows.map((row) => readValidated(DataRow.parse(row).data));
    },

    departmentNames: async ({ fiscalYear }) => {
      const { rows } = await sql.query(
        `select department from records where fiscal_year = $1 and department is not null
         union select department from department_tables where fiscal_year = $1 and department is not null
         union select department from document_checks where fiscal_year = $1 and department is not null order by department`,
        [fiscalYear],
      );
      return rows.map((row) => NameRow.parse(row).department);
    },

    formYears: async () => {
      const { rows } = await sql.query('select distinct fiscal_year from records order by fiscal_year nulls last');
      return rows.map((row) => YearRow.parse(row).fiscal_year);
    },

    listForms: async ({ fiscalYear }) => {
      const { rows } = fiscalYear === null
        ? await sql.query(`select data -> 'record' as data from records where fiscal_year is null order by document_id, ordinal`)
        : await sql.query(`select data -> 'record' as data from records where fiscal_year = $1 order by document_id, ordinal`, [fiscalYear]);
      return rows.map((row) => FormRecord.parse(DataRow.parse(row).data));
    },

    pageFormFindings: async (filter, page) => {
      const { where, params } = findingClause(filter);
      const { rows } = await sql.query(
        `select f.document_id, f.ordinal, r.department, r.fiscal_year, r.project_name, d.file_name, f.data
         from findings f join records r using (document_id, ordinal) join documents d on d.id = f.document_id
         ${where} order by f.document_id, f.ordinal, f.seq limit ${Math.trunc(page.limit)} offset ${Math.trunc(page.offset)}`,
        params,
      );
      return rows.map((row) => {
        const r = FindingRow.parse(row);
        return { documentId: r.document_id, file: r.file_name, department: r.department, fiscalYear: r.fiscal_year, source: 'form' as const, ordinal: r.ordinal, subject: r.project_name, finding: Finding.parse(r.data) };
      });
    },

    countFormFindings: async (filter) => {
      const { where, params } = findingClause(filter);
      const { rows } = await sql.query(`select count(*)::integer as n from findings f join records r using (document_id, ordinal) ${where}`, params);
      return CountRow.parse(rows[0]).n;
    },

    pageRecords: async (filter: RecordFilter, page: { limit: number; offset: number }) => {
      const { where, params } = filterClause(filter);
      const { rows } = await sql.query(`select data from records ${where} order by document_id, ordinal limit ${Math.trunc(page.limit)} offset ${Math.trunc(page.offset)}`, params);
      const counted = await sql.query(`select count(*)::integer as n from records ${where}`, params);
      return { records: rows.map((row) => readValidated(DataRow.parse(row).data)), total: CountRow.parse(counted.rows[0]).n };
    },

    listDocuments: async (filter = {}) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (filter.status !== undefined) where.push(`status = $${params.push(filter.status)}`);
      if (filter.department !== undefined || filter.fiscalYear !== undefined) {
        const { where: read } = filterClause(filter, '', params);
        where.push(`id in (select document_id from records ${read} union select document_id from department_tables ${read}
                           union select document_id from document_checks ${read})`);
      }
      const { rows } = await sql.query(`${SELECT_DOCUMENT} ${where.length ? `where ${where.join(' and ')}` : ''} order by received_at, id`, params);
      return rows.map((row) => DocumentRow.parse(row));
    },

    changeStamp: async () => {
      const { rows } = await sql.query(
        `select concat_ws(':', count(*), max(updated_at), sum(run), (select count(*) from records), (select count(*) from department_tables)) as stamp from documents`,
      );
      return StampRow.parse(rows[0]).stamp;
    },

    getCrawlUrl: async (url) => {
      const { rows } = await sql.query(
        `select url, source, etag, last_modified, document_id, status, outcome, fetched_at from crawl_urls where url = $1`, [url]);
      if (rows.length === 0) return null;
      const r = CrawlUrlRow.parse(rows[0]);
      return CrawlUrlState.parse({ url: r.url, source: r.source, etag: r.etag, lastModified: r.last_modified, documentId: r.document_id, status: r.status, outcome: r.outcome, fetchedAt: r.fetched_at });
    },

    saveCrawlUrl: async (state) => {
      await sql.query(
        `insert into crawl_urls (url, source, etag, last_modified, document_id, status, outcome, fetched_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (url) do update set source = excluded.source, etag = excluded.etag, last_modified = excluded.last_modified,
           document_id = excluded.document_id, status = excluded.status, outcome = excluded.outcome, fetched_at = excluded.fetched_at`,
        [state.url, state.source, state.etag, state.lastModified, state.documentId, state.status, state.outcome, state.fetchedAt],
      );
    },

    addDocumentSource: async (source) => {
      await sql.query(
        `insert into document_sources (document_id, url, source, referrer, link_text, hint, first_seen) values ($1, $2, $3, $4, $5, $6::jsonb, $7)
         on conflict (document_id, url) do nothing`,
        [source.documentId, source.url, source.source, source.referrer, source.linkText, source.hint === null ? null : JSON.stringify(source.hint), source.firstSeen],
      );
    },

    listDocumentSources: async (documentId) => {
      const { rows } = await sql.query(
        `select document_id, url, source, referrer, link_text, hint, first_seen from document_sources where document_id = $1 order by first_seen, url`, [documentId]);
      return rows.map((row) => {
        const r = SourceRow.parse(row);
        return DocumentSource.parse({ documentId: r.document_id, url: r.url, source: r.source, referrer: r.referrer, linkText: r.link_text, hint: r.hint, firstSeen: r.first_seen });
      });
    },

    saveCrawlReport: async (report) => {
      await sql.query(
        `insert into crawl_runs (id, source, started_at, report) values ($1, $2, $3, $4::jsonb)
         on conflict (id) do update set report = excluded.report`,
        [report.id, report.source, report.startedAt, toJsonb(report)],
      );
    },

    listCrawlReports: async ({ source, limit }) => {
      const { rows } = source === undefined
        ? await sql.query(`select report as data from crawl_runs order by started_at desc, id limit ${Math.trunc(limit)}`)
        : await sql.query(`select report as data from crawl_runs where source = $1 order by started_at desc, id limit ${Math.trunc(limit)}`, [source]);
      return rows.map((row) => CrawlReport.parse(DataRow.parse(row).data));
    },

    close: () => sql.close(),
  };
}

/** The WHERE clause (and its parameters) of a record or table listing: records and tables carry the same keys. */
function filterClause(filter: RecordFilter, table = '', params: unknown[] = []): { where: string; params: unknown[] } {
  const where: string[] = [];
  if (filter.documentId !== undefined) where.push(`${table}document_id = $${params.push(filter.documentId)}`);
  if (filter.department !== undefined) where.push(`${table}department = $${params.push(filter.department)}`);
  if (filter.fiscalYear !== undefined) where.push(`${table}fiscal_year = $${params.push(filter.fiscalYear)}`);
  return { where: where.length ? `where ${where.join(' and ')}` : '', params };
}

/** The WHERE clause of a findings listing: the record's unit, year and document, the finding's status, severity and code. */
function findingClause(filter: FindingFilter): { where: string; params: unknown[] } {
  const { where: records, params } = filterClause(filter, 'r.');
  const where = records ? [records.slice('where '.length)] : [];
  if (filter.status !== undefined) where.push(`f.status = $${params.push(filter.status)}`);
  if (filter.severity !== undefined) where.push(`f.severity = $${params.push(filter.severity)}`);
  if (filter.code !== undefined) {
    const n = params.push(filter.code);
    where.push(`(f.code = $${n} or starts_with(f.code, $${n} || '.'))`);
  }
  return { where: where.length ? `where ${where.join(' and ')}` : '', params };
}

const FindingRow = z.object({
  document_id: z.string(), ordinal: z.number().int(), department: z.string().nullable(), fiscal_year: z.number().int().nullable(),
  project_name: z.string().nullable(), file_name: z.string(), data: z.unknown(),
});
const TextRow = z.object({ data: z.string() });
const StampRow = z.object({ stamp: z.string() });
const Iso = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());
const CrawlUrlRow = z.object({
  url: z.string(), source: z.string(), etag: z.string().nullable(), last_modified: z.string().nullable(), document_id: z.string().nullable(),
  status: z.number().int().nullable(), outcome: z.string(), fetched_at: Iso,
});
const SourceRow = z.object({
  document_id: z.string(), url: z.string(), source: z.string(), referrer: z.string().nullable(), link_text: z.string().nullable(), hint: z.unknown(), first_seen: Iso,
});
const NameRow = z.object({ department: z.string() });
const YearRow = z.object({ fiscal_year: z.number().int().nullable() });
const CountRow = z.object({ n: z.coerce.number().int() });
const CheckRow = z.object({ document_id: z.string(), file_name: z.string(), data: z.unknown() });

const SELECT_DOCUMENT = 'select id, file_name, byte_size, page_count, pages_failed, note, status, error, run, received_at, updated_at from documents';

/**
 * The condition under which `status = $2` applies: statuses only move forward along the pipeline; `failed`
 * applies over any unfinished status (and over itself, with a new reason), never over `validated` (a stale
 * job's failure must not undo a finished document); nothing applies over `failed`. Only `resetDocument` goes
 * back. The order is a constant of this file, so it is spelt out in the SQL.
 */
const MOVES_FORWARD = `(case when $2::text = 'failed' then status <> 'validated'
  else status <> 'failed'
    and array_position(array['received', 'extracted', 'normalized', 'validated'], status)
        <= array_position(array['received', 'extracted', 'normalized', 'validated'], $2::text) end)`;

async function selectDocument(db: SqlTx, id: DocumentId): Promise<DocumentInfo | null> {
  const { rows } = await db.query(`${SELECT_DOCUMENT} where id = $1`, [id]);
  return rows.length === 0 ? null : DocumentRow.parse(rows[0]);
}

/** pg returns timestamptz as Date, and could return text; both become ISO strings in UTC. */
const Timestamp = z.union([z.date(), z.string()]).transform((value) => new Date(value).toISOString());

const DocumentRow = z
  .object({
    id: z.string(),
    file_name: z.string(),
    // bigint: pg returns text, PGlite a number.
    byte_size: z.coerce.number(),
    page_count: z.number().nullable(),
    pages_failed: z.number(),
    note: z.string().nullable(),
    status: z.string(),
    error: z.string().nullable(),
    run: z.number(),
    received_at: Timestamp,
    updated_at: Timestamp,
  })
  .transform((row) => ({
    id: row.id,
    fileName: row.file_name,
    byteSize: row.byte_size,
    pageCount: row.page_count,
    pagesFailed: row.pages_failed,
    note: row.note,
    status: row.status,
    error: row.error,
    run: row.run,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  }))
  .pipe(DocumentInfo);

const BytesRow = z.object({ bytes: z.instanceof(Uint8Array) });
const RunRow = z.object({ run: z.number() });
const DataRow = z.object({ data: z.unknown() });

/**
 * A stored validation result. One written by an older jixiao may lack what validation has since learnt to
 * add (the score recomputation, the quality); validation is pure, so its record is validated again.
 */
function readValidated(data: unknown): ValidatedRecord {
  const current = ValidatedRecord.safeParse(data);
  if (current.success) return current.data;
  const older = z.object({ record: FormRecord }).safeParse(data);
  if (older.success) return validateRecord(older.data.record);
  throw current.error;
}

function checkRecords(id: DocumentId, records: ValidatedRecord[]): void {
  const ordinals = new Set<number>();
  for (const { record } of records) {
    if (record.source.documentId !== id) {
      throw new Error(`record ${record.source.ordinal} belongs to document ${record.source.documentId}, not ${id}`);
    }
    if (ordinals.has(record.source.ordinal)) throw new Error(`document ${id} has two records with ordinal ${record.source.ordinal}`);
    ordinals.add(record.source.ordinal);
  }
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and jsonb rejects unpaired surrogates; pdf.js emits
 * U+0000 for glyphs without a ToUnicode entry (t1-003-notounicode.pdf). Both become U+FFFD, which the
 * extractor already counts as garbage. In JSON text they can only appear as `\u0000` / `\udXXX` escapes
 * after an even run of backslashes.
 */
function toJsonb(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi, '$1\\ufffd');
}

const cleanText = (text: string): string => text.replaceAll('\0', '\uFFFD');
