/**
 * Department tables on a folder of PDFs: per file the tables read (number, title, kind, pages) and how many of
 * the decimal numbers printed on the pages they were read on land in their cells. A measure, not a test.
 *
 *   npm run bench:tables -- <files|folders…> [--ocr] [--against <folder of originals>]
 *
 * `--against`: a scanned copy is measured against its original's text layer (the PDF of that folder whose name,
 * without `.pdf`, starts the copy's name): the numbers the original prints on the pages its tables are on.
 *
 * "Land": a number of the page's text layer (or OCR) found again among the printed texts of the cells read on
 * that page, each cell used once. Prose figures on a page a table shares count as misses; integers and numbers
 * a PDF stores in pieces are not counted.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { collectFiles } from '../../services/cli/collect-files.ts';
import { extractPdf } from '../../workers/extract/extract-pdf.ts';
import { readDocument } from '../../workers/normalize/normalize-document.ts';
import { createPaddleEngine } from '../../workers/ocr/paddle-engine.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { ocr: { type: 'boolean', default: false }, against: { type: 'string' } } });
if (!positionals.length) {
  process.stderr.write('usage: npm run bench:tables -- <files|folders…> [--ocr] [--against <folder of originals>]\n');
  process.exit(1);
}
const DECIMAL = /^-?[\d,]*\d\.\d{2,6}$/;
const squash = (text: string) => text.replace(/\s+/g, '');
const ocr = values.ocr ? createPaddleEngine() : undefined;
const { files } = await collectFiles(positionals);
let allTables = 0, allNumbers = 0, allLanded = 0;
for (const file of files) {
  const doc = await extractPdf('0'.repeat(64), path.basename(file), new Uint8Array(await readFile(file)), { ocr });
  const { tables } = readDocument(doc);
  const read = tables.flatMap((t) => t.rows.flatMap((r) => Object.entries(r.provenance ?? {}).map(([key, p]) => [p.page, squash(r.printed?.[key] ?? '')] as const)));
  // What is measured against: the file's own text (or OCR), or its original's text layer and tables' pages.
  const original = values.against ? await originalOf(file, values.against) : null;
  const reference = original ? await extractPdf('0'.repeat(64), path.basename(original), new Uint8Array(await readFile(original))) : doc;
  const pages = new Set((original ? readDocument(reference).tables : tables).flatMap((t) => t.source.pages));
  let numbers = 0, landed = 0;
  for (const page of reference.pages.filter((p) => pages.has(p.number))) {
    const pool = new Map<string, number>();
    for (const [p, text] of read) if (p === page.number) pool.set(text, (pool.get(text) ?? 0) + 1);
    for (const text of page.items.map((i) => squash(i.text)).filter((t) => DECIMAL.test(t))) {
      numbers++;
      const left = pool.get(text) ?? 0;
      if (left > 0) (landed++, pool.set(text, left - 1));
    }
  }
  allTables += tables.length;
  allNumbers += numbers;
  allLanded += landed;
  process.stdout.write(`${path.basename(file)}: ${tables.length} tables; numbers${original ? ` of ${path.basename(original)}` : ''} in cells ${landed}/${numbers}\n`);
  for (const t of tables) process.stdout.write(`  ${t.tableNo || '—'} ${t.title} [${t.kind}] ${t.unit} pp. ${t.source.pages.join(', ')}: ${t.rows.length} rows × ${t.columns.length} value columns\n`);
}
await ocr?.close();

/** The original a copy was made from: the PDF of `folder` whose name (without `.pdf`) starts the copy's, the longest. */
async function originalOf(copy: string, folder: string): Promise<string | null> {
  const stem = path.basename(copy, '.pdf');
  const names = (await readdir(folder)).filter((f) => f.endsWith('.pdf') && stem.startsWith(f.slice(0, -4)) && f.slice(0, -4) !== stem);
  const best = names.sort((a, b) => b.length - a.length)[0];
  return best ? path.join(folder, best) : null;
}
process.stdout.write(`\n${files.length} files, ${allTables} tables; numbers in cells ${allLanded}/${allNumbers} (${allNumbers ? ((100 * allLanded) / allNumbers).toFixed(1) : '—'} %)\n`);
