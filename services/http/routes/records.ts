import { CheckedTable, DepartmentTableKind, DocumentId, ValidatedRecord } from '../../../schemas/index.ts';
import { withReviewFlags } from '../../report/reviewed-records.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { Page, pageOf, slice, UnitYear } from '../list-query.ts';
import type { Reviews } from '../reviews.ts';

/** The forms as records (with their findings, score and quality) and the department tables (with I8). */
export function recordRoutes(app: ApiServer, deps: ApiDeps, reviews: Reviews): void {
  const read = { preHandler: requireScope(deps.access, 'read') };
  const Filter = Page.extend(UnitYear.shape).extend({ documentId: DocumentId.optional() });

  app.get('/records', {
    ...read,
    schema: { tags: ['records'], summary: 'Validated form records, in document and form order, with the flags that compare forms', querystring: Filter, response: { 200: pageOf(ValidatedRecord) } },
  }, async (request) => {
    const { department, year, documentId, limit, offset } = request.query;
    const { records, total } = await deps.store.pageRecords({ department, fiscalYear: year, documentId }, { limit, offset });
    // Reviewed as the export and report are: a project declared twice is flagged on both forms.
    const items = await withReviewFlags(records, reviews.flagsOf);
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
