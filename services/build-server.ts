import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps, ApiServer } from './http/api-server.ts';
import { HttpProblem, sendProblem } from './http/problem.ts';
import { mountQueueBoard } from './http/queue-board.ts';
import { createExtractPool } from '../workers/extract/extract-pool.ts';
import { createPageImages } from './http/page-images.ts';
import { documentRoutes } from './http/routes/documents.ts';
import { pageRoutes } from './http/routes/pages.ts';
import { crawlRoutes } from './http/routes/crawls.ts';
import { exportRoutes } from './http/routes/exports.ts';
import { findingRoutes } from './http/routes/findings.ts';
import { healthRoutes } from './http/routes/health.ts';
import { recordRoutes } from './http/routes/records.ts';
import { createReviews } from './http/reviews.ts';
import { webRoutes } from './web/web-routes.ts';

export type ServerInfo = { version: string; mode: 'embedded' | 'scale'; logger?: boolean };

/**
 * The HTTP API: every route's input and output a zod schema (the same ones the stages use), `/openapi.json`
 * generated from them and Swagger UI at `/docs` (served from this package, nothing from the internet). Errors are
 * `application/problem+json`; a request the schemas refuse is a 400 naming what is wrong, never a 500.
 */
export async function buildServer(deps: ApiDeps, info: ServerInfo): Promise<ApiServer> {
  const app = Fastify({ logger: info.logger ?? false, bodyLimit: 1_048_576 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const detail = error.validation.map((v) => `${v.instancePath.replace(/^\//, '').replace(/\//g, '.') || error.validationContext || 'request'}: ${v.message}`).join('; ');
      return sendProblem(reply, 400, 'Bad Request', `${error.validationContext ?? 'request'} ${detail}`.trim());
    }
    if (error instanceof HttpProblem) return sendProblem(reply, error.status, error.title, error.message);
    const status = (error as { statusCode?: number }).statusCode;
    // Fastify's own client errors (a body too large, a bad content type, the upload rate limit): their words.
    if (status !== undefined && status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      return sendProblem(reply, status, status === 429 ? 'Too Many Requests' : 'Bad Request', (error as Error).message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, 500, 'Internal Server Error', 'the server could not answer this request; the error is in its log');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 404, 'Not Found', `no route ${request.method} ${request.url.split('?')[0]}`));

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  // A file over the limit is cut short and reported on its own line of the answer, not a failure of the whole request.
  await app.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: deps.maxUploadBytes, files: 100, fields: 20 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'jixiao', description: 'Budget-performance disclosures as validated records: documents, forms, tables, findings, reports, exports.', version: info.version },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: deps.access.open ? [] : [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, deps, info);
  documentRoutes(app, deps);
  crawlRoutes(app, deps);
  // Pages are drawn by pdf.js in a child process (one, started on the first page asked for), never in the server's.
  const drawing = createExtractPool({ size: 1, ocr: false, ...(deps.soffice ? { soffice: deps.soffice } : {}) });
  app.addHook('onClose', () => drawing.close());
  pageRoutes(app, deps, createPageImages(deps.store, deps.cacheDir ?? path.join(tmpdir(), 'jixiao-pages'), drawing.render));
  const reviews = createReviews(deps.store);
  recordRoutes(app, deps, reviews);
  findingRoutes(app, deps, reviews);
  exportRoutes(app, deps, reviews);
  webRoutes(app, deps, reviews);
  if (deps.processor.queues?.length) await mountQueueBoard(app, deps, deps.processor.queues, path.join(deps.cacheDir ?? path.join(tmpdir(), 'jixiao-pages'), 'bull-board-views'));
  await app.ready();
  return app;
}
