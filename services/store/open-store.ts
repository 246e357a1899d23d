import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { redactUrl } from '../redact-url.ts';
import { migrate } from './migrations.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { createSqlStore } from './sql-store.ts';
import type { Store } from './store.ts';
import { lockStore } from './store-lock.ts';

export type OpenStoreOptions = {
  /** Shown to another process that finds the embedded store in use (`jixiao ingest samples/`). @default 'jixiao' */
  command?: string;
  /** Told when the embedded store is in use and this process waits for it. */
  onWait?: (message: string) => void;
};

/**
 * PostgreSQL when DATABASE_URL is set, else the embedded PGlite store under the data folder; migrated.
 * The embedded store is locked for as long as it is open: another process waits for it up to
 * JIXIAO_STORE_WAIT_SECONDS and then refuses, naming the holder (PGlite cannot be shared between processes).
 */
export async function openStore(
  config: Pick<Config, 'DATABASE_URL' | 'JIXIAO_DATA_DIR' | 'JIXIAO_STORE_WAIT_SECONDS'>,
  options: OpenStoreOptions = {},
): Promise<Store & { location: string }> {
  if (config.DATABASE_URL) {
    const sql = await openPostgres(config.DATABASE_URL);
    await migrate(sql).catch(async (error: unknown) => {
      await sql.close();
      throw error;
    });
    return { ...createSqlStore(sql), location: redactUrl(config.DATABASE_URL) };
  }
  const dataDir = path.resolve(config.JIXIAO_DATA_DIR);
  const location = path.join(dataDir, 'pglite');
  await mkdir(location, { recursive: true });
  const lock = await lockStore(dataDir, { command: options.command ?? 'jixiao', waitMs: config.JIXIAO_STORE_WAIT_SECONDS * 1000, onWait: options.onWait });
  try {
    const sql = await openPglite(location);
    await migrate(sql).catch(async (error: unknown) => {
      await sql.close();
      throw error;
    });
    const store = createSqlStore(sql);
    return {
      ...store, location,
      close: async () => {
        try {
          await store.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
