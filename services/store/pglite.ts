import { existsSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { EMBEDDED_CONF } from './pglite-conf.ts';
import type { Sql, SqlTx } from './sql.ts';

/**
 * Opens an embedded PostgreSQL in a data directory, or in memory with `'memory://'`.
 * Open it once per process. A new data directory is made by initdb in a child process (about 3 s): initdb leaves
 * about 600 MiB in the process that runs it, for good (measured, a new store opened: 860 → 222 MiB of RSS; the
 * `memory://` store of tests and benches still pays them).
 */
export async function openPglite(dataDir: string): Promise<Sql> {
  const options = { serializers: { [BYTEA]: toHex }, parsers: { [BYTEA]: fromHex }, postgresqlconf: EMBEDDED_CONF };
  if (!dataDir.startsWith('memory://') && !existsSync(path.join(dataDir, 'PG_VERSION'))) await initdbApart(dataDir);
  const db = await PGlite.create(dataDir, options);
  return {
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/**
 * PGlite's own bytea codec converts byte by byte in JS: a 30 MiB PDF took 16 s to store and 5 s to read.
 * Node's native hex codec brings that to about 1 s each way (measured with PGlite 0.5.16).
 */
const BYTEA = 17;
const toHex = (bytes: Uint8Array): string => `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
const fromHex = (text: string): Uint8Array => Buffer.from(text.slice(2), 'hex');

function wrap(db: PGlite | Transaction): SqlTx {
  return {
    query: async (text, params) => {
      const result = await db.query<unknown>(text, params ? [...params] : undefined);
      return { rows: result.rows };
    },
    exec: async (text) => {
      await db.exec(text);
    },
  };
}

// Compiled code runs the .js entry; under vitest/tsx the sources are .ts and the child loads tsx first.
const SELF = import.meta.url;
const FROM_SOURCE = SELF.endsWith('.ts');
const INITDB = fileURLToPath(new URL(FROM_SOURCE ? './pglite-initdb.ts' : './pglite-initdb.js', SELF));

async function initdbApart(dataDir: string): Promise<void> {
  const args = [...(FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : []), INITDB, dataDir];
  await promisify(execFile)(process.execPath, args, { timeout: 120_000 }).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`could not create the embedded store in ${dataDir}: ${(error.stderr ?? '').trim().split('\n').pop() || error.message}`);
  });
}
