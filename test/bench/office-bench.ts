import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentId } from '../../schemas/index.ts';
import { createLog } from '../../services/log.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPglite } from '../../services/store/pglite.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import { selfEvaluation, targetForm } from '../fixtures/form-specs.ts';
import { formsDocx, formsHtml, formsWorkbook, saveAsWord97, workbookBytes } from '../fixtures/office-files.ts';
import { benchMachine, machineLine } from './bench-machine.ts';
import { positiveInt } from './parse-bench-args.ts';
import { runPipelinePass } from './run-pipeline-pass.ts';
import { summarize } from './summarize.ts';

const USAGE = `npm run bench:office -- [files…] [--forms 20] [--passes 5]

  Word, Excel and web-page documents through every jixiao stage (one process, one document in flight, an embedded
  store in a new data directory): milliseconds per document, after a warm-up pass. Built here: the forms of the
  test fixtures (自评表 and 目标填报表 alternating) --forms of them in one .docx, .xlsx, .xls, GBK web page and, with
  LibreOffice installed, .doc. Files named on the command line are timed too (no OCR: pictures are timed apart).
`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { forms: { type: 'string', default: '20' }, passes: { type: 'string', default: '5' }, help: { type: 'boolean', short: 'h', default: false } } });
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const formCount = positiveInt(values.forms, '--forms');
const passes = positiveInt(values.passes, '--passes');

const forms = Array.from({ length: formCount }, (_, i) => (i % 2 ? targetForm(`信息系统运行维护项目${i}`) : selfEvaluation(`办公楼维修改造项目${i}`)));
const inputs = new Map<string, Uint8Array>([
  [`${formCount}-forms.docx`, formsDocx(forms)],
  [`${formCount}-forms.xlsx`, workbookBytes(formsWorkbook(forms), 'xlsx')],
  [`${formCount}-forms.xls`, workbookBytes(formsWorkbook(forms), 'xls')],
  [`${formCount}-forms-gbk.html`, formsHtml(forms)],
]);
const doc = saveAsWord97(inputs.get(`${formCount}-forms.docx`)!);
if (doc) inputs.set(`${formCount}-forms.doc`, doc);
for (const file of positionals) inputs.set(path.basename(file), new Uint8Array(await readFile(file)));

const dataDir = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-office-'));
const sql = await openPglite(dataDir);
await migrate(sql);
const store = createSqlStore(sql);
const pool = createExtractPool({ size: 1, ocr: false });
const deps = { store, log: createLog('warn'), extractPdf: pool.extract };
const hashes: string[] = [];
try {
  const rows: string[] = [];
  for (const [file, bytes] of inputs) {
    hashes.push(createHash('sha256').update(bytes).digest('hex'));
    const { info } = await store.putDocument({ fileName: file, bytes });
    const id = info.id as DocumentId;
    const warm = await runPipelinePass([id], deps, 1);
    if (warm.failed.length) {
      rows.push(`${file.padEnd(28)} failed: ${warm.failed[0]!.error}`);
      continue;
    }
    const ms: number[] = [];
    for (let i = 0; i < passes; i++) ms.push((await runPipelinePass([id], deps, 1)).ms);
    const formsRead = (await store.listRecords({ documentId: id })).length;
    const { median, min, max } = summarize(ms);
    rows.push(`${file.padEnd(28)} ${String(formsRead).padStart(5)}  ${String(bytes.length).padStart(8)}  ${median.toFixed(0).padStart(9)}  ${min.toFixed(0)}–${max.toFixed(0)}`);
  }
  process.stdout.write(`jixiao office bench, ${new Date().toISOString()}\n${machineLine(benchMachine(hashes))}\n`);
  process.stdout.write(`every stage (extract in a child process, normalize, validate, store in PGlite), one document at a time; ${passes} timed passes after a warm-up\n\n`);
  process.stdout.write(`${'file'.padEnd(28)} forms     bytes  median ms  range ms\n${'-'.repeat(28)} -----  --------  ---------  --------\n${rows.join('\n')}\n`);
} finally {
  await pool.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}
