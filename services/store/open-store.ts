import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { migrate } from './migrations.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { createSqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite store under the data folder; migrated. */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'JIXIAO_DATA_DIR'>): Promise<Store & { location: string }> {
  const location = config.DATABASE_URL ? redact(config.DATABASE_URL) : path.resolve(config.JIXIAO_DATA_DIR, 'pglite');
  if (!config.DATABASE_URL) await mkdir(location, { recursive: true });
  const sql = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : await openPglite(location);
  await migrate(sql);
  return { ...createSqlStore(sql), location };
}

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
