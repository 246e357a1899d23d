import { z } from 'zod';
import type { Sql } from './sql.ts';

export type Migration = { version: number; name: string; sql: string };

/**
 * The schema, oldest first. Applied migrations are never edited: a change is a new entry.
 * Plain PostgreSQL that PGlite runs too; kept in TS so that `tsc` ships it in dist/.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, bytes, artifacts, records, findings',
    sql: `
      create table documents (
        id text primary key,
        file_name text not null,
        byte_size bigint not null,
        page_count integer,
        status text not null,
        error text,
        received_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index documents_status on documents (status, received_at);

      -- Bytes live in the database so that a worker on another machine can read them.
      create table document_bytes (
        id text primary key references documents (id) on delete cascade,
        bytes bytea not null
      );

      create table artifacts (
        document_id text not null references documents (id) on delete cascade,
        stage text not null,
        data jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (document_id, stage)
      );

      create table records (
        document_id text not null references documents (id) on delete cascade,
        ordinal integer not null,
        form_type text not null,
        fiscal_year integer,
        department text,
        project_name text,
        data jsonb not null,
        primary key (document_id, ordinal)
      );
      create index records_department_year on records (department, fiscal_year);
      create index records_year_department on records (fiscal_year, department);

      create table findings (
        document_id text not null,
        ordinal integer not null,
        seq integer not null,
        code text not null,
        kind text not null,
        status text not null,
        severity text not null,
        message text not null,
        data jsonb not null,
        primary key (document_id, ordinal, seq),
        foreign key (document_id, ordinal) references records (document_id, ordinal) on delete cascade
      );
      -- Reports ask "which forms fail check X / carry flag Y"; passing findings are most rows and never asked for.
      create index findings_failed on findings (kind, code) where status = 'fail';
      create index findings_code_status on findings (code, status);
    `,
  },
  {
    version: 2,
    name: 'pages that could not be read, on the document',
    sql: `
      alter table documents add column pages_failed integer not null default 0;
      alter table documents add column note text;
    `,
  },
  {
    version: 3,
    name: 'the run a document is in, so that jobs of an earlier run cannot move it',
    sql: `
      alter table documents add column run integer not null default 0;
    `,
  },
  {
    version: 4,
    name: 'department tables with their checks',
    sql: `
      create table department_tables (
        document_id text not null references documents (id) on delete cascade,
        ordinal integer not null,
        kind text not null,
        table_no text not null,
        title text not null,
        fiscal_year integer,
        department text,
        data jsonb not null,
        primary key (document_id, ordinal)
      );
      create index department_tables_department_year on department_tables (department, fiscal_year);
    `,
  },
  {
    version: 5,
    name: 'a document\'s own findings: its prose against its tables',
    sql: `
      create table document_checks (
        document_id text primary key references documents (id) on delete cascade,
        fiscal_year integer,
        department text,
        data jsonb not null
      );
      create index document_checks_department_year on document_checks (department, fiscal_year);
    `,
  },
  {
    version: 6,
    name: 'findings of one status in listing order',
    sql: `
      -- A page of failed findings in document, form and finding order reads the index, not a sort of every failure.
      create index findings_status_order on findings (status, document_id, ordinal, seq);
    `,
  },
  {
    version: 7,
    name: 'crawls: what each URL gave last time, where documents were found, the reports of runs',
    sql: `
      create table crawl_urls (
        url text primary key,
        source text not null,
        etag text,
        last_modified text,
        document_id text references documents (id) on delete set null,
        status integer,
        outcome text not null,
        fetched_at timestamptz not null default now()
      );
      create table document_sources (
        document_id text not null references documents (id) on delete cascade,
        url text not null,
        source text not null,
        referrer text,
        link_text text,
        hint jsonb,
        first_seen timestamptz not null default now(),
        primary key (document_id, url)
      );
      create table crawl_runs (
        id text primary key,
        source text not null,
        started_at timestamptz not null,
        report jsonb not null
      );
      create index crawl_runs_source on crawl_runs (source, started_at);
    `,
  },
  {
    version: 8,
    name: 'stage artifacts as JSON text',
    sql: `
      -- Artifacts are only ever read whole by the next stage: text is written and read at half the cost of jsonb,
      -- which takes them apart into a tree on the way in and puts them together again on the way out.
      alter table artifacts alter column data type text using data::text;
    `,
  },
];

const AppliedRow = z.object({ version: z.number() });

/**
 * Some fixed number: every process that migrates this database takes the same transaction-level
 * advisory lock, so concurrent starts apply each migration once. PGlite accepts the call too.
 */
const MIGRATION_LOCK = 7_380_214_551;

/** Applies the migrations not yet recorded in `schema_migrations`, all in one transaction; returns their versions. */
export async function migrate(sql: Sql, list: readonly Migration[] = migrations): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`);
    const { rows } = await tx.query('select version from schema_migrations');
    const applied = new Set(rows.map((row) => AppliedRow.parse(row).version));
    const pending = [...list].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
    }
    return pending.map((m) => m.version);
  });
}
