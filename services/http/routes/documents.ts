import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import '@fastify/multipart';
import '@fastify/rate-limit';
import { z } from 'zod';
import { DocumentId, DocumentInfo, DocumentStatus, Finding, type StageName } from '../../../schemas/index.ts';
import { RESUME } from '../../../workers/resume-stage.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { Page, pageOf, slice, UnitYear } from '../list-query.ts';
import { badRequest, HttpProblem, notFound } from '../problem.ts';
import { detectFormat } from '../../../workers/extract/office/detect-format.ts';
import { saveUpload } from '../save-upload.ts';

const Upload = z.object({
  fileName: z.string(),
  id: DocumentId.nullable(),
  /** What happened: stored and queued (`received`…), already in the store, or refused with the reason. */
  outcome: z.enum(['queued', 'stored', 'rejected']),
  status: DocumentStatus.nullable(),
  error: z.string().nullable(),
});

const FormSummary = z.object({ ordinal: z.int(), formType: z.string(), projectName: z.string().nullable(), page: z.int(), failed: z.int(), flags: z.int() });
const TableSummary = z.object({ ordinal: z.int(), tableNo: z.string(), title: z.string(), kind: z.string(), pages: z.array(z.int()), failed: z.int() });
const DocumentDetail = z.object({ document: DocumentInfo, forms: z.array(FormSummary), tables: z.array(TableSummary), findings: z.array(Finding) });

export function documentRoutes(app: ApiServer, deps: ApiDeps): void {
  const { store, access, processor } = deps;
  const read = { preHandler: requireScope(access, 'read') };
  const write = { preHandler: requireScope(access, 'write') };

  app.get('/documents', {
    ...read,
    schema: {
      tags: ['documents'], summary: 'Stored documents, newest last; by status, unit or year',
      querystring: Page.extend(UnitYear.shape).extend({ status: DocumentStatus.optional() }),
      response: { 200: pageOf(DocumentInfo) },
    },
  }, async (request) => {
    const { status, department, year, ...page } = request.query;
    const documents = await store.listDocuments({ status, department, fiscalYear: year });
    return slice(documents, page);
  });

  app.get('/documents/:id', {
    ...read,
    schema: { tags: ['documents'], summary: 'A document: status, pages, failures, its forms and tables with their failed checks', params: z.object({ id: DocumentId }), response: { 200: DocumentDetail } },
  }, async (request) => {
    const { id } = request.params;
    const document = await store.getDocument(id);
    if (!document) throw notFound(`no document ${id} in the store`);
    const failed = (findings: readonly z.infer<typeof Finding>[], kind?: 'check' | 'flag') => findings.filter((f) => f.status === 'fail' && (!kind || f.kind === kind)).length;
    const forms = (await store.listRecords({ documentId: id })).map(({ record, findings }) => ({
      ordinal: record.source.ordinal, formType: record.formType, projectName: record.projectName, page: record.source.page,
      failed: failed(findings, 'check'), flags: failed(findings, 'flag'),
    }));
    const tables = (await store.listTables({ documentId: id })).map(({ table, findings }) => ({
      ordinal: table.source.ordinal, tableNo: table.tableNo, title: table.title, kind: table.kind, pages: table.source.pages, failed: failed(findings),
    }));
    const checks = await store.listDocumentChecks({ documentId: id });
    return { document, forms, tables, findings: checks[0]?.findings ?? [] };
  });

  app.post('/documents', {
    ...write,
    config: { rateLimit: { max: deps.uploadsPerMinute ?? 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['documents'], summary: 'Upload documents (PDF, Word, Excel, web pages; multipart, field `file`, one or many), told apart by content; each is stored once by its sha256 and processed',
      consumes: ['multipart/form-data'], response: { 202: z.object({ documents: z.array(Upload) }) },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw badRequest('send the documents as multipart/form-data, each in a part named `file`');
    const documents: z.infer<typeof Upload>[] = [];
    const work = new Map<DocumentId, StageName>();
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const fileName = part.filename || 'upload';
      if (part.fieldname !== 'file') {
        part.file.resume();
        documents.push({ fileName, id: null, outcome: 'rejected', status: null, error: `a part named "${part.fieldname}": files go in parts named "file"` });
        continue;
      }
      const saved = await saveUpload(part.file, deps.uploadDir ?? tmpdir());
      try {
        if (part.file.truncated) {
          documents.push({ fileName, id: null, outcome: 'rejected', status: null, error: `larger than ${Math.round(deps.maxUploadBytes / 1048576)} MB, the most one upload may be` });
          continue;
        }
        const bytes = new Uint8Array(await readFile(saved.file));
        const detected = detectFormat(bytes);
        if (!detected.format) {
          documents.push({ fileName, id: null, outcome: 'rejected', status: null, error: detected.reason });
          continue;
        }
        const known = await store.getDocument(saved.sha256);
        const { info, created } = known ? { info: known, created: false } : await store.putDocument({ fileName, bytes });
        // A failed document uploaded again is run again from the start, as `jixiao ingest` does.
        if (!created && info.status === 'failed') await store.resetDocument(info.id);
        const from = info.status === 'failed' ? 'extract' : RESUME[info.status];
        if (from) work.set(info.id, from);
        documents.push({ fileName, id: info.id, outcome: from ? 'queued' : 'stored', status: (await store.getDocument(info.id))?.status ?? info.status, error: null });
      } finally {
        await saved.discard();
      }
    }
    if (!documents.length) throw badRequest('no file in the request: send each document in a multipart part named `file`');
    await processor.submit(work);
    // The web page's form posted without JavaScript: on to the page that follows these documents.
    if ((request.headers.accept ?? '').startsWith('text/html')) {
      const ids = documents.flatMap((d) => (d.id ? [d.id] : [])).join(',');
      const rejected = documents.filter((d) => d.outcome === 'rejected').map((d) => `${d.fileName}\t${d.error}`).join('\n');
      return reply.redirect(`/uploads?ids=${ids}${rejected ? `&rejected=${encodeURIComponent(rejected)}` : ''}`, 303);
    }
    return reply.code(202).send({ documents });
  });

  app.post('/documents/:id/retry', {
    ...write,
    schema: { tags: ['documents'], summary: 'Run a document again from the start (a failed one, or after an update of jixiao)', params: z.object({ id: DocumentId }), response: { 202: z.object({ id: DocumentId, status: DocumentStatus, run: z.int() }) } },
  }, async (request, reply) => {
    const { id } = request.params;
    const document = await store.getDocument(id);
    if (!document) throw notFound(`no document ${id} in the store`);
    if (processor.pending() && !['validated', 'failed'].includes(document.status)) throw new HttpProblem(409, 'Conflict', `document ${id} is still being processed (${document.status})`);
    const run = await store.resetDocument(id);
    await processor.submit(new Map([[id, 'extract' as StageName]]));
    return reply.code(202).send({ id, status: 'received' as const, run });
  });
}
