import { z } from 'zod';
import type { ApiDeps, ApiServer } from '../api-server.ts';

export function healthRoutes(app: ApiServer, deps: ApiDeps, info: { version: string; mode: 'embedded' | 'scale' }): void {
  app.get('/healthz', {
    schema: {
      tags: ['service'], summary: 'The server is up and its store answers',
      response: { 200: z.object({ status: z.literal('ok'), version: z.string(), mode: z.enum(['embedded', 'scale']), documents: z.int() }) },
    },
  }, async () => ({ status: 'ok' as const, version: info.version, mode: info.mode, documents: (await deps.store.listDocuments()).length }));
}
