import { z } from 'zod';
import { DocumentId } from '../../../schemas/index.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import type { PageImages } from '../page-images.ts';

/** A page as an image, and the cell that proves a finding cut from it with its box outlined. */
export function pageRoutes(app: ApiServer, deps: ApiDeps, images: PageImages): void {
  const read = { preHandler: requireScope(deps.access, 'read') };

  app.get('/documents/:id/pages/:file', {
    ...read,
    schema: {
      tags: ['documents'], summary: 'Page n of a document as PNG (144 dpi), e.g. /pages/3.png',
      params: z.object({ id: DocumentId, file: z.string().regex(/^[1-9]\d*\.png$/, 'a page is asked for as <number>.png') }),
    },
  }, async (request, reply) => {
    const png = await images.page(request.params.id, Number(request.params.file.replace('.png', '')));
    return reply.type('image/png').header('Cache-Control', 'private, max-age=86400').send(png);
  });

  app.get('/documents/:id/crop', {
    ...read,
    schema: {
      tags: ['documents'], summary: 'The evidence cell: a box of a page (points, x0,y0,x1,y1 as in the findings\' evidence) with a margin, outlined',
      params: z.object({ id: DocumentId }),
      querystring: z.object({
        page: z.coerce.number().int().min(1),
        bbox: z.string().regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'bbox is four numbers: x0,y0,x1,y1'),
      }),
    },
  }, async (request, reply) => {
    const box = request.query.bbox.split(',').map(Number) as [number, number, number, number];
    const png = await images.crop(request.params.id, request.query.page, box);
    return reply.type('image/png').header('Cache-Control', 'private, max-age=86400').send(png);
  });
}
