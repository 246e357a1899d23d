import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import { checkAcrossDocuments } from '../../../workers/validate/across/check-across.ts';
import { CSV_HEADER, toCsvRows, writeCsv } from '../../export/csv.ts';
import { writeJsonl } from '../../export/jsonl.ts';
import { TABLES_CSV_HEADER, tableCellRows, writeTablesCsv, writeTablesJsonl } from '../../export/tables-export.ts';
import { workbook } from '../../export/xlsx.ts';
import { FINDINGS_CSV_HEADER, findingRows, writeFindingsCsv } from '../../report/findings-csv.ts';
import { reviewedRecords } from '../../report/reviewed-records.ts';
import type { RecordFilter } from '../../store/store.ts';
import type { ApiDeps, ApiServer } from '../api-server.ts';
import { requireScope } from '../auth.ts';
import { UnitYear } from '../list-query.ts';
import type { Reviews } from '../reviews.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FILES = {
  'records.jsonl': 'application/x-ndjson; charset=utf-8',
  'records.csv': 'text/csv; charset=utf-8',
  'tables.jsonl': 'application/x-ndjson; charset=utf-8',
  'tables.csv': 'text/csv; charset=utf-8',
  'findings.csv': 'text/csv; charset=utf-8',
  'records.xlsx': XLSX_TYPE,
  'tables.xlsx': XLSX_TYPE,
  'findings.xlsx': XLSX_TYPE,
} as const;
type ExportFile = keyof typeof FILES;

/**
 * The exports of the CLI over HTTP, streamed as they are written (a large store never sits in one response
 * buffer): records as JSONL (the interchange format) or CSV, department tables, and every failed finding as CSV.
 */
export function exportRoutes(app: ApiServer, deps: ApiDeps, reviews: Reviews): void {
  app.get('/exports/:file', {
    preHandler: requireScope(deps.access, 'read'),
    schema: {
      tags: ['exports'], summary: 'Download records, tables or findings as JSONL, CSV (streamed) or XLSX (codes as text; tables one sheet per kind)',
      params: z.object({ file: z.enum(Object.keys(FILES) as [ExportFile, ...ExportFile[]]) }), querystring: UnitYear,
    },
  }, async (request, reply) => {
    const { file } = request.params;
    const filter: RecordFilter = { department: request.query.department, fiscalYear: request.query.year };
    if (file.endsWith('.xlsx')) {
      const bytes = await xlsx(file, filter);
      return reply.type(FILES[file]).header('Content-Disposition', disposition(request.query, file)).send(bytes);
    }
    const body = new PassThrough();
    void write(file, filter, body).then(() => body.end(), (error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
    return reply.type(FILES[file]).header('Content-Disposition', disposition(request.query, file)).send(body);
  });

  async function xlsx(file: ExportFile, filter: RecordFilter): Promise<Buffer> {
    if (file === 'tables.xlsx') {
      const tables = await deps.store.listTables(filter);
      const kinds = [...new Set(tables.map((t) => t.table.kind))];
      return workbook(kinds.map((kind) => ({ name: kind, header: TABLES_CSV_HEADER, rows: tableCellRows(tables.filter((t) => t.table.kind === kind)) })));
    }
    const records = await reviewedRecords(deps.store, filter, reviews.flagsOf);
    if (file === 'records.xlsx') return workbook([{ name: 'records', header: CSV_HEADER, rows: records.flatMap(toCsvRows) }]);
    const tables = await deps.store.listTables(filter);
    const checks = await deps.store.listDocumentChecks(filter);
    return workbook([{ name: 'findings', header: FINDINGS_CSV_HEADER, rows: findingRows(records, tables, checks, checkAcrossDocuments(records, tables, checks)) }]);
  }

  /** `jixiao-恒口示范区自然资源局-2024-records.csv`: the selection in the file's name. */
  function disposition(query: { department?: string; year?: number }, file: string): string {
    const stamp = [query.department, query.year].filter(Boolean).join('-');
    const name = `jixiao${stamp ? `-${stamp}` : ''}-${file}`;
    return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  }

  async function write(file: ExportFile, filter: RecordFilter, out: Writable): Promise<void> {
    if (file === 'tables.jsonl' || file === 'tables.csv') {
      const tables = await deps.store.listTables(filter);
      await (file === 'tables.csv' ? writeTablesCsv(tables, out) : writeTablesJsonl(tables, out));
      return;
    }
    const records = await reviewedRecords(deps.store, filter, reviews.flagsOf);
    if (file === 'records.jsonl') await writeJsonl(records, out);
    else if (file === 'records.csv') await writeCsv(records, out);
    else {
      const tables = await deps.store.listTables(filter);
      const checks = await deps.store.listDocumentChecks(filter);
      await writeFindingsCsv(records, out, tables, checks, checkAcrossDocuments(records, tables, checks));
    }
  }
}
