import { z } from 'zod';
import { Finding, Severity } from '../../../schemas/index.ts';
import { checkAcrossDocuments } from '../../../workers/validate/across/check-across.ts';
import { departmentReports } from '../../report/department-report.ts';
import { DepartmentReport } from '../../../schemas/index.ts';
import { reviewedRecords } from '../../report/reviewed-records.ts';
import type { RecordFilter, Store } from '../../store/store.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { Page, pageOf, slice, UnitYear } from '../list-query.ts';
import { notFound } from '../problem.ts';
import { versionedCache } from '../store-version.ts';

/** A finding with what it is about: a form, a department table, a document's prose, or two documents together. */
export const FindingEntry = z.object({
  documentId: z.string(),
  file: z.string(),
  department: z.string().nullable(),
  fiscalYear: z.int().nullable(),
  source: z.enum(['form', 'table', 'document', 'across']),
  /** The form's or table's position in its document; null for the document's own and across findings. */
  ordinal: z.int().nullable(),
  /** The form's project, the table's number and title, or `说明`. */
  subject: z.string().nullable(),
  finding: Finding,
});
export type FindingEntry = z.infer<typeof FindingEntry>;

/** Every finding the store holds for the selection, in a stable order: forms, tables, documents' prose, across. */
export async function allFindings(store: Store, filter: RecordFilter): Promise<FindingEntry[]> {
  const records = await reviewedRecords(store, filter);
  const tables = await store.listTables(filter);
  const checks = await store.listDocumentChecks(filter);
  const out: FindingEntry[] = [];
  for (const { record: r, findings } of records) {
    for (const finding of findings) out.push({ documentId: r.source.documentId, file: r.source.file, department: r.department, fiscalYear: r.fiscalYear, source: 'form', ordinal: r.source.ordinal, subject: r.projectName, finding });
  }
  for (const { table: t, findings } of tables) {
    for (const finding of findings) out.push({ documentId: t.source.documentId, file: t.source.file, department: t.department, fiscalYear: t.fiscalYear, source: 'table', ordinal: t.source.ordinal, subject: `${t.tableNo} ${t.title}`.trim(), finding });
  }
  for (const c of checks) {
    for (const finding of c.findings) out.push({ documentId: c.documentId, file: c.file, department: c.subject.department, fiscalYear: c.subject.fiscalYear, source: 'document', ordinal: null, subject: '说明', finding });
  }
  for (const a of checkAcrossDocuments(records, tables, checks)) {
    out.push({ documentId: a.documentId, file: a.file, department: a.department, fiscalYear: a.fiscalYear, source: 'across', ordinal: null, subject: null, finding: a.finding });
  }
  return out;
}

export function findingRoutes(app: ApiServer, deps: ApiDeps): void {
  const read = { preHandler: requireScope(deps.access, 'read') };
  const findings = versionedCache<FindingEntry[]>(deps.store);
  const reported = versionedCache<DepartmentReport[]>(deps.store);

  app.get('/findings', {
    ...read,
    schema: {
      tags: ['findings'], summary: 'Checks and flags of forms, tables and prose; failed ones unless `status` says otherwise',
      querystring: Page.extend(UnitYear.shape).extend({
        code: z.string().min(1).optional(),
        severity: Severity.optional(),
        status: z.enum(['pass', 'fail', 'skipped', 'not-applicable', 'any']).default('fail'),
        source: z.enum(['form', 'table', 'document', 'across']).optional(),
      }),
      response: { 200: pageOf(FindingEntry) },
    },
  }, async (request) => {
    const { department, year, code, severity, status, source, ...page } = request.query;
    const all = await findings(JSON.stringify([department, year]), () => allFindings(deps.store, { department, fiscalYear: year }));
    const chosen = all.filter((e) =>
      (status === 'any' || e.finding.status === status) && (!severity || e.finding.severity === severity)
      && (!code || e.finding.code === code || e.finding.code.startsWith(`${code}.`)) && (!source || e.source === source));
    return slice(chosen, page);
  });

  app.get('/reports/departments', {
    ...read,
    schema: { tags: ['reports'], summary: 'One report per unit and year: forms, funds, scores, checks, flags, tables, prose', querystring: UnitYear, response: { 200: z.array(DepartmentReport) } },
  }, async (request) => {
    const { department, year } = request.query;
    return reported(JSON.stringify([department, year]), () => reports(deps.store, { department, fiscalYear: year }));
  });

  app.get('/reports/departments/:name/:year', {
    ...read,
    schema: { tags: ['reports'], summary: 'The report of one unit and year', params: z.object({ name: z.string().min(1), year: z.coerce.number().int() }), response: { 200: DepartmentReport } },
  }, async (request) => {
    const { name, year } = request.params;
    const [report] = await reported(JSON.stringify([name, year]), () => reports(deps.store, { department: name, fiscalYear: year }));
    if (!report) throw notFound(`nothing stored for ${name} in ${year}`);
    return report;
  });
}

export async function reports(store: Store, filter: RecordFilter): Promise<DepartmentReport[]> {
  const records = await reviewedRecords(store, { fiscalYear: filter.fiscalYear });
  const tables = await store.listTables({ fiscalYear: filter.fiscalYear });
  const checks = await store.listDocumentChecks({ fiscalYear: filter.fiscalYear });
  return departmentReports(records, filter, { tables, checks });
}
