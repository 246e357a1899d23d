import { CheckedTable, DepartmentTableKind, DocumentId, ValidatedRecord, type Finding } from '../../../schemas/index.ts';
import { reviewedRecords } from '../../report/reviewed-records.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { Page, pageOf, slice, UnitYear } from '../list-query.ts';
import { versionedCache } from '../store-version.ts';

/** The forms as records (with their findings, score and quality) and the department tables (with I8). */
export function recordRoutes(app: ApiServer, deps: ApiDeps): void {
  const read = { preHandler: requireScope(deps.access, 'read') };
  const Filter = Page.extend(UnitYear.shape).extend({ documentId: DocumentId.optional() });

  // The flags that compare forms need every form of a year: worked out once per change of the store, per year.
  const reviews = versionedCache<Map<string, Finding[]>>(deps.store);
  const added = (fiscalYear: number | undefined) => reviews(JSON.stringify(fiscalYear ?? null), async () => {
    const additions = new Map<string, Finding[]>();
    for (const v of await reviewedRecords(deps.store, { fiscalYear })) {
      const stored = v.findings.filter((f) => f.kind === 'flag' && f.evidence.some((e) => e.form));
      if (stored.length) additions.set(`${v.record.source.documentId}#${v.record.source.ordinal}`, stored);
    }
    return additions;
  });

  app.get('/records', {
    ...read,
    schema: { tags: ['records'], summary: 'Validated form records, in document and form order, with the flags that compare forms', querystring: Filter, response: { 200: pageOf(ValidatedRecord) } },
  }, async (request) => {
    const { department, year, documentId, limit, offset } = request.query;
    const { records, total } = await deps.store.pageRecords({ department, fiscalYear: year, documentId }, { limit, offset });
    // Reviewed as the export and report are: a project declared twice is flagged on both forms.
    const years = [...new Set(records.map((v) => v.record.fiscalYear ?? undefined))];
    const additions = new Map((await Promise.all(years.map(added))).flatMap((m) => [...m]));
    const items = records.map((v) => {
      const extra = additions.get(`${v.record.source.documentId}#${v.record.source.ordinal}`) ?? [];
      const known = new Set(v.findings.map((f) => `${f.code}|${f.message}`));
      const more = extra.filter((f) => !known.has(`${f.code}|${f.message}`));
      return more.length ? { ...v, findings: [...v.findings, ...more] } : v;
    });
    return { items, total, limit, offset };
  });

  app.get('/tables', {
    ...read,
    schema: {
      tags: ['records'], summary: 'Department tables (部门预算/决算 表) with their I8 checks, in document and table order',
      querystring: Filter.extend({ kind: DepartmentTableKind.optional() }), response: { 200: pageOf(CheckedTable) },
    },
  }, async (request) => {
    const { department, year, documentId, kind, ...page } = request.query;
    const tables = await deps.store.listTables({ department, fiscalYear: year, documentId });
    return slice(kind ? tables.filter((t) => t.table.kind === kind) : tables, page);
  });
}
