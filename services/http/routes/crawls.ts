import { z } from 'zod';
import { CrawlReport, DocumentId, DocumentSource } from '../../../schemas/index.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { notFound } from '../problem.ts';

/** The crawl reports (`jixiao crawl`, the workers' scheduled crawls) and where each document was found. */
export function crawlRoutes(app: ApiServer, deps: ApiDeps): void {
  const read = { preHandler: requireScope(deps.access, 'read') };

  app.get('/crawls', {
    ...read,
    schema: {
      tags: ['crawls'], summary: 'Crawl runs, newest first: pages read, documents new / changed / unchanged / failed (each URL with its reason)',
      querystring: z.object({ source: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(200).default(20) }),
      response: { 200: z.array(CrawlReport) },
    },
  }, async (request) => deps.store.listCrawlReports({ source: request.query.source, limit: request.query.limit }));

  app.get('/documents/:id/sources', {
    ...read,
    schema: { tags: ['documents'], summary: 'Where a crawled document was found: its URLs, the pages linking them, the links\' text', params: z.object({ id: DocumentId }), response: { 200: z.array(DocumentSource) } },
  }, async (request) => {
    const { id } = request.params;
    if (!(await deps.store.getDocument(id))) throw notFound(`no document ${id} in the store`);
    return deps.store.listDocumentSources(id);
  });
}
