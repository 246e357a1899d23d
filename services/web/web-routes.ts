import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DocumentId, type DocumentInfo } from '../../schemas/index.ts';
import type { ApiDeps, ApiServer } from '../http/api-server.ts';
import { scopeOf, SESSION_COOKIE, type Scope } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import { formEntries, type Reviews } from '../http/reviews.ts';
import { reviewedRecords } from '../report/reviewed-records.ts';
import { departmentKey } from '../../workers/validate/across/same-department.ts';
import { departmentPage } from './department-page.ts';
import { formPage, type PageSize } from './form-page.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { overviewPage } from './overview-page.ts';
import { crawlsPage, loginPage, searchPage, uploadPage, uploadsPage } from './small-pages.ts';
import { STYLE } from './style.ts';

/**
 * The web page for reviewers: server-rendered HTML over the same store and tokens as the API, readable without
 * JavaScript (a login form sets the token as an HttpOnly cookie). Nothing is loaded from another site.
 */
export function webRoutes(app: ApiServer, deps: ApiDeps, reviews: Reviews): void {
  const { store, access } = deps;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  /** The page for a reader with the scope, or the login form. */
  const page = (scope: Scope, title: string, build: (request: FastifyRequest) => Promise<ReturnType<typeof html>>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const has = scopeOf(access, request);
      if (!has || (scope === 'write' && has !== 'write')) {
        return reply.code(303).header('Location', `/login?next=${encodeURIComponent(request.url)}`).send();
      }
      const body = await build(request);
      return reply.type('text/html; charset=utf-8').send(layout(title, body, { canWrite: has === 'write', loggedIn: !access.open, q: (request.query as { q?: string }).q }));
    };

  app.get('/static/style.css', { schema: { hide: true } }, async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(STYLE));

  app.get('/', { schema: { hide: true } }, page('read', '部门 × 年度', async () => overviewPage(await reviews.reports({}))));

  app.get('/d/:name/:year', { schema: { hide: true, params: z.object({ name: z.string(), year: z.string() }) } }, page('read', '部门年度', async (request) => {
    const { name, year } = request.params as { name: string; year: string };
    const filter = { department: name === '-' ? undefined : name, fiscalYear: year === '-' ? undefined : Number(year) };
    const [report] = await reviews.reports(filter);
    if (!report) throw notFound(`nothing stored for ${name} in ${year}`);
    if (filter.department === undefined || filter.fiscalYear === undefined) {
      const records = (await reviewedRecords(store, filter, reviews.flagsOf)).filter((v) => (name === '-' ? v.record.department === null : true));
      const others = (await reviews.otherFindings(filter)).filter((e) => e.source !== 'form');
      return departmentPage(report, records, await store.listTables(filter), [...formEntries(records), ...others]);
    }
    // The report counts every spelling of the unit (`…委员会` and `…委员会本级`) and the forms printing no unit in its
    // documents: so does the page.
    const { department, fiscalYear } = filter;
    const key = departmentKey(department);
    const names = (await store.departmentNames({ fiscalYear })).filter((n) => departmentKey(n) === key);
    const documents = new Set((await Promise.all(names.map((n) => store.listDocuments({ department: n, fiscalYear })))).flat().map((d) => d.id));
    const records = (await Promise.all([...documents].map((documentId) => reviewedRecords(store, { documentId }, reviews.flagsOf)))).flat()
      .filter((v) => v.record.fiscalYear === fiscalYear && (v.record.department === null || departmentKey(v.record.department) === key));
    const tables = (await Promise.all(names.map((n) => store.listTables({ department: n, fiscalYear })))).flat();
    const others = (await Promise.all(names.map((n) => reviews.otherFindings({ department: n, fiscalYear })))).flat().filter((e) => e.source !== 'form');
    return departmentPage(report, records, tables, [...formEntries(records), ...others]);
  }));

  app.get('/forms/:id/:ordinal', { schema: { hide: true, params: z.object({ id: DocumentId, ordinal: z.coerce.number().int().min(1) }) } }, page('read', '表单', async (request) => {
    const { id, ordinal } = request.params as { id: string; ordinal: number };
    const record = (await reviewedRecords(store, { documentId: id }, reviews.flagsOf)).find((v) => v.record.source.ordinal === ordinal);
    if (!record) throw notFound(`document ${id} has no form ${ordinal}`);
    const extracted = await store.readArtifact(id, 'extract').catch(() => null) as { pages?: PageSize[] } | null;
    const pages = (extracted?.pages ?? []).filter((p) => record.record.source.pages.includes(p.number)).map(({ number, width, height }) => ({ number, width, height }));
    return formPage(record, pages);
  }));

  app.get('/search', { schema: { hide: true, querystring: z.object({ q: z.string().max(200).default('') }) } }, page('read', '搜索', async (request) => {
    const q = ((request.query as { q: string }).q ?? '').trim();
    const needle = q.replace(/\s+/g, '');
    const hits = needle ? (await store.listRecords()).filter((v) => (v.record.projectName ?? '').replace(/\s+/g, '').includes(needle)).slice(0, 200) : [];
    return searchPage(q, hits);
  }));

  app.get('/crawl-runs', { schema: { hide: true } }, page('read', '抓取', async () => crawlsPage(await store.listCrawlReports({ limit: 50 }))));

  app.get('/upload', { schema: { hide: true } }, page('write', '上传', async () => uploadPage(Math.round(deps.maxUploadBytes / 1048576))));

  app.get('/uploads', { schema: { hide: true, querystring: z.object({ ids: z.string().default(''), rejected: z.string().default('') }) } }, page('read', '上传的文件', async (request) => {
    const { ids, rejected } = request.query as { ids: string; rejected: string };
    const documents: (DocumentInfo | { id: string; missing: true })[] = [];
    for (const id of [...new Set(ids.split(',').filter((x) => /^[0-9a-f]{64}$/.test(x)))]) documents.push((await store.getDocument(id)) ?? { id, missing: true });
    const refused = rejected.split('\n').filter(Boolean).map((line) => ({ fileName: line.split('\t')[0]!, error: line.split('\t')[1] ?? '' }));
    const pending = documents.some((d) => !('missing' in d) && d.status !== 'validated' && d.status !== 'failed');
    return html`${pending ? html`<meta http-equiv="refresh" content="2">` : ''}${uploadsPage(documents, refused)}`;
  }));

  app.get('/login', { schema: { hide: true, querystring: z.object({ next: z.string().default('/'), failed: z.string().optional() }) } }, async (request, reply) => {
    const { next, failed } = request.query as { next: string; failed?: string };
    return reply.type('text/html; charset=utf-8').send(layout('登录', loginPage(failed !== undefined, safeNext(next)), { canWrite: false, loggedIn: false }));
  });

  app.post('/login', { schema: { hide: true, body: z.object({ token: z.string().max(500), next: z.string().default('/') }) } }, async (request, reply) => {
    const { token, next } = request.body as { token: string; next: string };
    if (!access.tokens.has(token)) return reply.code(303).header('Location', `/login?failed=1&next=${encodeURIComponent(safeNext(next))}`).send();
    return reply
      .setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' })
      .code(303).header('Location', safeNext(next)).send();
  });

  app.post('/logout', { schema: { hide: true } }, async (_request, reply) => reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(303).header('Location', '/login').send());
}

/** Only a path of this site: a login link must not send the reader elsewhere. */
const safeNext = (next: string): string => (/^\/(?!\/)/.test(next) ? next : '/');
