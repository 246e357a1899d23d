import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import { checkAcrossDocuments } from '../../../workers/validate/across/check-across.ts';
import { writeCsv } from '../../export/csv.ts';
import { writeJsonl } from '../../export/jsonl.ts';
import { writeTablesCsv, writeTablesJsonl } from '../../export/tables-export.ts';
import { writeFindingsCsv } from '../../report/findings-csv.ts';
import { reviewedRecords } from '../../report/reviewed-records.ts';
import type { RecordFilter } from '../../store/store.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { UnitYear } from '../list-query.ts';

const FILES = {
  'records.jsonl': 'application/x-ndjson; charset=utf-8',
  'records.csv': 'text/csv; charset=utf-8',
  'tables.jsonl': 'application/x-ndjson; charset=utf-8',
  'tables.csv': 'text/csv; charset=utf-8',
  'findings.csv': 'text/csv; charset=utf-8',
} as const;
type ExportFile = keyof typeof FILES;

/**
 * The exports of the CLI over HTTP, streamed as they are written (a large store never sits in one response
 * buffer): records as JSONL (the interchange format) or CSV, department tables, and every failed finding as CSV.
 */
export function exportRoutes(app: ApiServer, deps: ApiDeps): void {
  app.get('/exports/:file', {
    preHandler: requireScope(deps.access, 'read'),
    schema: {
      tags: ['exports'], summary: 'Download records, tables or findings (records.jsonl, records.csv, tables.jsonl, tables.csv, findings.csv)',
      params: z.object({ file: z.enum(Object.keys(FILES) as [ExportFile, ...ExportFile[]]) }), querystring: UnitYear,
    },
  }, async (request, reply) => {
    const { file } = request.params;
    const filter: RecordFilter = { department: request.query.department, fiscalYear: request.query.year };
    const body = new PassThrough();
    void write(file, filter, body).then(() => body.end(), (error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
    const stamp = [request.query.department, request.query.year].filter(Boolean).join('-');
    return reply
      .type(FILES[file])
      .header('Content-Disposition', `attachment; filename="jixiao${stamp ? `-${encodeURIComponent(stamp)}` : ''}-${file}"`)
      .send(body);
  });

  async function write(file: ExportFile, filter: RecordFilter, out: Writable): Promise<void> {
    if (file === 'tables.jsonl' || file === 'tables.csv') {
      const tables = await deps.store.listTables(filter);
      await (file === 'tables.csv' ? writeTablesCsv(tables, out) : writeTablesJsonl(tables, out));
      return;
    }
    const records = await reviewedRecords(deps.store, filter);
    if (file === 'records.jsonl') await writeJsonl(records, out);
    else if (file === 'records.csv') await writeCsv(records, out);
    else {
      const tables = await deps.store.listTables(filter);
      const checks = await deps.store.listDocumentChecks(filter);
      await writeFindingsCsv(records, out, tables, checks, checkAcrossDocuments(records, tables, checks));
    }
  }
}
