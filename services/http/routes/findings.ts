import { z } from 'zod';
import { DepartmentReport, FindingEntry, FindingStatus, Severity } from '../../../schemas/index.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { Page, pageOf, UnitYear } from '../list-query.ts';
import { notFound } from '../problem.ts';
import type { Reviews } from '../reviews.ts';
import { versionedCache } from '../versioned-cache.ts';

export function findingRoutes(app: ApiServer, deps: ApiDeps, reviews: Reviews): void {
  const read = { preHandler: requireScope(deps.access, 'read') };
  // Counting every matching finding costs more than reading a page of them: counted once per change of the store.
  const counts = versionedCache<number>(deps.store, 64);

  app.get('/findings', {
    ...read,
    schema: {
      tags: ['findings'],
      summary: 'Checks and flags of forms, tables and prose; failed ones unless `status` says otherwise. In a stable order: '
        + 'the findings stored on forms (document, form, finding), then flags comparing forms, tables\' checks, prose checks, checks across documents',
      querystring: Page.extend(UnitYear.shape).extend({
        code: z.string().min(1).optional(),
        severity: Severity.optional(),
        status: z.enum([...FindingStatus.options, 'any']).default('fail'),
        source: z.enum(['form', 'table', 'document', 'across']).optional(),
      }),
      response: { 200: pageOf(FindingEntry) },
    },
  }, async (request) => {
    const { department, year, code, severity, status, source, limit, offset } = request.query;
    const wanted = { department, fiscalYear: year, code, severity, status: status === 'any' ? undefined : status };
    // Findings stored on forms are most of them: paged in the database, never all loaded.
    const formsToo = source === undefined || source === 'form';
    const stored = {
      findings: formsToo ? await deps.store.pageFormFindings(wanted, { limit, offset }) : [],
      total: formsToo ? await counts(JSON.stringify(wanted), () => deps.store.countFormFindings(wanted)) : 0,
    };
    const others = (await reviews.otherFindings({ department, fiscalYear: year })).filter((e) =>
      (source === undefined || e.source === source) && (wanted.status === undefined || e.finding.status === wanted.status)
      && (!severity || e.finding.severity === severity) && (!code || e.finding.code === code || e.finding.code.startsWith(`${code}.`)));
    const from = Math.max(0, offset - stored.total);
    const items: FindingEntry[] = [
      ...stored.findings,
      ...others.slice(from, from + limit - stored.findings.length),
    ];
    return { items, total: stored.total + others.length, limit, offset };
  });

  app.get('/reports/departments', {
    ...read,
    schema: { tags: ['reports'], summary: 'One report per unit and year: forms, funds, scores, checks, flags, tables, prose', querystring: UnitYear, response: { 200: z.array(DepartmentReport) } },
  }, async (request) => reviews.reports({ department: request.query.department, fiscalYear: request.query.year }));

  app.get('/reports/departments/:name/:year', {
    ...read,
    schema: { tags: ['reports'], summary: 'The report of one unit and year', params: z.object({ name: z.string().min(1), year: z.coerce.number().int() }), response: { 200: DepartmentReport } },
  }, async (request) => {
    const { name, year } = request.params;
    const [report] = await reviews.reports({ department: name, fiscalYear: year });
    if (!report) throw notFound(`nothing stored for ${name} in ${year}`);
    return report;
  });
}
