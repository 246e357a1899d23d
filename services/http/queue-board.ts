import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { ApiDeps, ApiServer } from './api-server.ts';
import { requireScope } from './auth.ts';

const BASE = '/admin/queues';

/**
 * The BullMQ dashboard (Bull Board) at /admin/queues, for write tokens only, when the server runs at scale. Its
 * page asks Google for two fonts: a copy of the page without that link is served, so nothing leaves the site.
 */
export async function mountQueueBoard(app: ApiServer, deps: ApiDeps, queues: readonly Queue[], viewsDir: string): Promise<void> {
  const ui = path.dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
  const page = await readFile(path.join(ui, 'dist', 'index.ejs'), 'utf8');
  await mkdir(viewsDir, { recursive: true });
  await writeFile(path.join(viewsDir, 'index.ejs'), page.replace(/<link[^>]+fonts\.(googleapis|gstatic)\.com[^>]*>/g, ''));
  const adapter = new FastifyAdapter();
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'jixiao' } } });
  adapter.setBasePath(BASE).setViewsPath(viewsDir);
  await app.register(async (scope) => {
    scope.addHook('preHandler', requireScope(deps.access, 'write'));
    await scope.register(adapter.registerPlugin() as never, { prefix: BASE });
  });
}
