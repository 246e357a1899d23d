import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../services/config.ts';
import type { ApiServer } from '../services/http/api-server.ts';
import { loadAccess } from '../services/http/auth.ts';
import { buildServer } from '../services/build-server.ts';
import type { DocumentProcessor } from '../services/processing/processor.ts';
import { createQueuedProcessor } from '../services/processing/queued-processor.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import type { Store } from '../services/store/store.ts';
import { SAMPLES } from './fixtures/samples.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';
import { ON_CI, PG_URL, probePostgres, probeRedis, REDIS_URL, scratchName } from './fixtures/services.ts';

const down = (await probeRedis()) ?? (await probePostgres());
const scratch = scratchDirs('jixiao-http-scale-');
const READ = 'reader-token-0123456789', WRITE = 'writer-token-0123456789';

/** The server at scale: uploads go to the queue for the workers, and write tokens see the queues' dashboard. */
// On CI the services must be there: a missing one fails these tests rather than skipping them.
describe.skipIf(down !== null && !ON_CI)(`jixiao serve at scale${down ? ` (skipped: ${down})` : ''}`, () => {
  const schema = scratchName('serve');
  const prefix = scratchName('q');
  let admin: Sql, sql: Sql, store: Store, processor: DocumentProcessor, app: ApiServer;

  beforeAll(async () => {
    admin = await openPostgres(PG_URL, { max: 1 });
    await admin.exec(`create schema ${schema}`);
    sql = await openPostgres(PG_URL, { schema, max: 4 });
    await migrate(sql);
    store = createSqlStore(sql);
    const config = loadConfig({ DATABASE_URL: PG_URL, REDIS_URL, JIXIAO_QUEUE_PREFIX: prefix, JIXIAO_API_TOKENS: `read:${READ},write:${WRITE}` });
    processor = await createQueuedProcessor(config, store);
    app = await buildServer({ store, access: loadAccess(config), processor, maxUploadBytes: 20 * 1048576, cacheDir: scratch() }, { version: 'test', mode: 'scale' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    for (const q of processor?.queues ?? []) await q.obliterate({ force: true });
    await processor?.close();
    await sql?.close();
    await admin?.exec(`drop schema if exists ${schema} cascade`);
    await admin?.close();
  });

  it('queues an upload for the workers instead of running it', async () => {
    const boundary = '----jixiao';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t4.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      readFileSync(path.join(SAMPLES, 't4-001-part1-digital.pdf')), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({ method: 'POST', url: '/documents', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${WRITE}` } });
    expect(response.statusCode).toBe(202);
    const [uploaded] = (response.json() as { documents: { id: string; outcome: string; status: string }[] }).documents;
    expect(uploaded).toMatchObject({ outcome: 'queued', status: 'received' });
    const extract = processor.queues!.find((q) => q.name === 'extract')!;
    const job = await extract.getJob(`${uploaded!.id}-extract`);
    expect(job?.data).toEqual({ documentId: uploaded!.id, run: 0 });
    expect((await store.getDocument(uploaded!.id))?.status).toBe('received');
  });

  it('shows the queues at /admin/queues to write tokens only, with nothing fetched from another site', async () => {
    expect((await app.inject('/admin/queues')).statusCode).toBe(401);
    expect((await app.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${READ}` } })).statusCode).toBe(403);
    const page = await app.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${WRITE}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const api = await app.inject({ url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${WRITE}` } });
    expect(api.statusCode).toBe(200);
    expect((api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(['extract', 'normalize', 'validate']);
  });
});
