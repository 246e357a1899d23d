import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExtractedDocument } from '../schemas/index.ts';
import { PermanentError } from '../workers/errors.ts';
import { extractPdf } from '../workers/extract/extract-pdf.ts';
import { createExtractPool } from '../workers/extract/extract-pool.ts';
import { decodeDib } from '../workers/extract/office/dib.ts';
import { detectFormat } from '../workers/extract/office/detect-format.ts';
import { extractOffice, type OfficeFormat } from '../workers/extract/office/extract-office.ts';
import { readMetafile } from '../workers/extract/office/metafile.ts';
import { layoutPage } from '../workers/grid/page-layout.ts';
import { normalizeDocument, readDocument } from '../workers/normalize/normalize-document.ts';
import { drawPage, renderPage } from '../workers/ocr/render-page.ts';
import { withPage, withPdf } from '../workers/extract/pdf.ts';
import { createPaddleEngine } from '../workers/ocr/paddle-engine.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { differences } from './fixtures/compare-records.ts';
import { drawForms, facesInstalled } from './fixtures/form-pdf.ts';
import { budgetTables, selfEvaluation, selfEvaluationRecord, targetFormRecord } from './fixtures/form-specs.ts';
import { FORM_NAMES, makeOfficeFixtures, OFFICE_DIR, officeForms } from './fixtures/make-office-fixtures.ts';
import { bitmapMetafile, formMetafile, type BitmapEncoding } from './fixtures/metafiles.ts';
import { formsDocx, formsHtml, formsWorkbook, headingInTable, withSheetPictures, workbookBytes } from './fixtures/office-files.ts';
import { ON_CI } from './fixtures/services.ts';

/**
 * Word, Excel and web-page files of the forms form-specs.ts describes (test/fixtures/office/, written by
 * make-office-fixtures.ts): each must give the records the PDF renderings of the same forms give.
 */
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(OFFICE_DIR, name)));
const expected = () => [selfEvaluationRecord(FORM_NAMES[0]), targetFormRecord(FORM_NAMES[1])];

async function read(name: string): Promise<ExtractedDocument> {
  const bytes = fixture(name);
  const { format } = detectFormat(bytes);
  if (!format || format === 'pdf') throw new Error(`${name} is not an Office fixture`);
  return extractOffice('fixture', name, bytes, format as OfficeFormat);
}

describe('Word, Excel and web-page files read like PDFs', () => {
  it('the checked-in fixtures are what the script writes', () => {
    const made = makeOfficeFixtures(path.join(OFFICE_DIR, '..', '..', '..', 'node_modules', '.cache', 'office-fixtures'));
    for (const name of ['forms.docx', 'forms.xlsx', 'forms-gbk.html', 'vector-emf.docx']) expect(Buffer.from(fixture(name)).equals(Buffer.from(made[name]!)), name).toBe(true);
  });

  it.each(['forms.docx', 'forms.docm', 'forms.xlsx', 'forms-each.xlsx', 'forms.xls', 'forms-gbk.html', 'forms-vector-emf.docx'])('%s gives the records the PDF of the same forms gives', async (name) => {
    const records = normalizeDocument(await read(name));
    expect(differences('', records, expected())).toEqual([]);
  });

  // What must not matter: the heading drawn as the table's own merged top rows, a 填报单位/单位 line of two cells
  // under it, empty rows between forms, one sheet or one per sheet.
  it.each<[string, () => Uint8Array]>([
    ['.xlsx, headings merged across the table, unit lines, gaps', () => workbookBytes(formsWorkbook(officeForms().map(headingInTable), { gaps: true }), 'xlsx')],
    ['.xlsx, unit lines and gaps, one sheet each', () => workbookBytes(formsWorkbook(officeForms(), { gaps: true, perSheet: 'each' }), 'xlsx')],
    ['.docx, headings as the table\'s top rows', () => formsDocx(officeForms().map(headingInTable))],
    ['UTF-8 web page, headings as the table\'s top rows', () => formsHtml(officeForms().map(headingInTable), { charset: 'utf-8' })],
  ])('%s: the same records', async (_, make) => {
    const bytes = make();
    const { format } = detectFormat(bytes);
    const records = normalizeDocument(await extractOffice('fixture', 'variant', bytes, format as OfficeFormat));
    expect(differences('', records, expected())).toEqual([]);
  });

  it('merged cells of every kind land where a browser or Word puts them', async () => {
    const grid = (doc: ExtractedDocument) => doc.pages.flatMap((p) => p.tables ?? []).map((t) => t.cells.map((c) => `${c.text}@${c.row},${c.col} ${c.rowSpan}x${c.colSpan}`));
    // rowspan="0" runs to the table's end; a cell after a row's covered slots takes the next free column.
    const page = new TextEncoder().encode('<table><tr><td rowspan="0">甲</td><td colspan="2">乙</td></tr><tr><td>丙</td><td rowspan="2">丁</td></tr><tr><td>戊</td></tr></table>');
    expect(grid(await extractOffice('fixture', 'spans.html', page, 'html'))).toEqual([['甲@0,0 3x1', '乙@0,1 1x2', '丙@1,1 1x1', '丁@1,2 2x1', '戊@2,1 1x1']]);
    const captioned = await extractOffice('fixture', 'caption.html', new TextEncoder().encode('<table><caption>收支预算总表</caption><thead><tr><th>项目</th><th>预算数</th></tr></thead><tbody><tr><td>合计</td><td>1.00</td></tr></tbody></table>'), 'html');
    expect(captioned.pages[0]!.items.map((i) => i.text)).toEqual(['收支预算总表']);
    expect(grid(captioned)).toEqual([['项目@0,0 1x1', '预算数@0,1 1x1', '合计@1,0 1x1', '1.00@1,1 1x1']]);
    // w:gridBefore leaves grid columns empty before a row's first cell; w:vMerge continues the cell above.
    const tc = (text: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`;
    const table = `<w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid>`
      + `<w:tr>${tc('甲', '<w:vMerge w:val="restart"/>')}${tc('乙', '<w:gridSpan w:val="2"/>')}</w:tr>`
      + `<w:tr>${tc('', '<w:vMerge/>')}${tc('丙')}${tc('丁')}</w:tr>`
      + `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('戊', '<w:gridSpan w:val="2"/>')}</w:tr></w:tbl>`;
    const symbol = '<w:p><w:r><w:t>年度指标值</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r><w:r><w:t>95%</w:t></w:r><w:moveFrom><w:r><w:t>移走的</w:t></w:r></w:moveFrom></w:p>';
    // A text box's paragraph inside the paragraph that anchors it continues that paragraph.
    const textBox = '<w:p><w:r><w:t>附件</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>二</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>项目清单</w:t></w:r></w:p>';
    const docx = zipSync({ 'word/document.xml': strToU8(`<w:document xmlns:w="w"><w:body>${symbol}${textBox}${table}</w:body></w:document>`) });
    expect((await extractOffice('fixture', 'spans.docx', docx, 'docx')).pages[0]!.items.map((i) => i.text)).toEqual(['年度指标值≥95%', '附件二 项目清单']);
    expect(grid(await extractOffice('fixture', 'spans.docx', docx, 'docx'))).toEqual([['甲@0,0 2x1', '乙@0,1 1x2', '丙@1,1 1x1', '丁@1,2 1x1', '戊@2,1 1x2']]);
  });

  it('tells formats apart by content, whatever the name', () => {
    expect(detectFormat(fixture('forms.docx'))).toEqual({ format: 'docx' });
    expect(detectFormat(fixture('forms.xlsx'))).toEqual({ format: 'xlsx' });
    expect(detectFormat(fixture('forms.xls'))).toEqual({ format: 'xls' });
    expect(detectFormat(fixture('forms-gbk.html'))).toEqual({ format: 'html' });
    expect(detectFormat(new TextEncoder().encode('\ufeff  <!doctype html><p>x'))).toEqual({ format: 'html' });
    expect(detectFormat(new TextEncoder().encode('%PDF-1.7\n'))).toEqual({ format: 'pdf' });
    expect(detectFormat(new Uint8Array())).toEqual({ format: null, reason: 'the file is empty' });
    expect(detectFormat(new TextEncoder().encode('项目,金额\n'))).toMatchObject({ format: null, reason: expect.stringMatching(/^not a PDF, Word, Excel or web-page file/) });
  });

  it('keeps where each value is in the file: sheet and cell, or table, row and cell', async () => {
    const [sheet] = normalizeDocument(await read('forms.xlsx'));
    const [word] = normalizeDocument(await read('forms.docx'));
    const [page] = normalizeDocument(await read('forms-gbk.html'));
    // The project name is the cell right of 项目名称 in the form's first table row.
    expect(sheet!.provenance['projectName']).toMatchObject({ ref: '表1!B4', source: 'structure', confidence: 1 });
    expect(word!.provenance['projectName']).toMatchObject({ ref: 'table 1, row 1, cell 2', source: 'structure' });
    expect(page!.provenance['projectName']).toMatchObject({ ref: 'table 1, row 1, cell 2', source: 'structure' });
    // Findings name the cells that prove them the same way.
    const evidence = validateRecord(sheet!).findings.flatMap((f) => f.evidence).filter((e) => e.page !== null);
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((e) => /^表1![A-Z]+\d+$/.test(e.ref ?? ''))).toBe(true);
  });

  it('reads a number as printed under its format (90.00%, 50.00), and leaves hidden sheets and rows unread', async () => {
    const doc = await read('forms.xlsx');
    const cells = doc.pages.flatMap((p) => p.tables ?? []).flatMap((t) => t.cells.map((c) => c.text));
    expect(cells).toContain('90.00%');
    expect(cells).toContain('50.00');
    const stored = doc.pages.flatMap((p) => p.tables ?? []).flatMap((t) => t.cells).filter((c) => c.text === '90.00%' || c.text === '50.00');
    expect(new Set(stored.map((c) => c.value))).toEqual(new Set([0.9, 50]));
    const all = JSON.stringify(doc.pages);
    expect(all).not.toContain('隐藏工作表里的项目');
    expect(all).not.toContain('不应读出');
  });

  it('a Word table inside a cell is a table of its own; deleted text, field codes and fallbacks are not text', async () => {
    const doc = await read('forms.docx');
    const tables = doc.pages.flatMap((p) => p.tables ?? []);
    expect(tables.map((t) => t.cells.map((c) => c.text)).find((cells) => cells.includes('盖章'))).toEqual(['盖章', '日期']);
    const all = JSON.stringify(doc.pages);
    expect(all).not.toContain('已删除');
    expect(all).not.toContain('PAGE');
    expect(JSON.stringify((await read('vector-emf.docx')).pages)).not.toContain('fallback text');
  });

  it('a web page: layout tables are not data, scripts and hidden elements are not text', async () => {
    const doc = await read('forms-gbk.html');
    expect(doc.pages.flatMap((p) => p.tables ?? [])).toHaveLength(2);
    const all = JSON.stringify(doc.pages);
    expect(all).not.toContain('不是表格');
    expect(all).not.toContain('隐藏的导航');
  });

  it('a form pasted as a vector EMF is read from its text and strokes, as a PDF page is: no OCR', async () => {
    const doc = await read('forms-vector-emf.docx');
    expect(doc.pages.map((p) => [p.ocr, p.rules.length > 20, p.items.every((i) => i.source === 'structure')])).toEqual([[null, true, true], [null, true, true]]);
    // The heading as Word paragraphs above a picture of the table alone: the same record.
    const [form] = officeForms();
    const docx = formsDocx([{ ...form!, rows: [] }], { pictures: { 'table.emf': formMetafile({ ...form!, heading: [] }, [80, 60, 70, 120, 70, 70, 40, 50, 110]) } });
    expect(differences('', normalizeDocument(await extractOffice('fixture', 'table.docx', docx, 'docx')), [expected()[0]])).toEqual([]);
  });

  it('a vector EMF in a Word file is read as the text it draws, no OCR', async () => {
    const doc = await read('vector-emf.docx');
    expect(doc.pages.flatMap((p) => layoutPage(p).lines.map((l) => l.text))).toEqual(['附件 2', '项目绩效说明：按期完成']);
    expect(doc.pageErrors).toEqual([]);
  });

  it.skipIf(!facesInstalled() && !ON_CI)('a two-sided 收支总表 in a workbook is the department table its PDF gives', async () => {
    const fromSheet = readDocument(await read('budget.xlsx')).tables;
    const pdf = await drawForms(budgetTables(), { face: 'wqy-microhei', size: 10, landscape: false, widths: [2, 1, 2, 1] });
    const fromPdf = readDocument(await extractPdf('fixture', 'budget.pdf', pdf)).tables;
    const shape = (tables: typeof fromSheet) => tables.map((t) => ({ kind: t.kind, title: t.title, columns: t.columns, rows: t.rows.map((r) => ({ name: r.name, cells: r.cells })) }));
    expect(fromSheet.length).toBeGreaterThan(0);
    expect(shape(fromSheet)).toEqual(shape(fromPdf));
  });
});

describe.skipIf(!sofficeInstalled() && !ON_CI)('Word 97–2003 through LibreOffice', () => {
  it('forms.doc gives the records the PDF of the same forms gives', async () => {
    const records = normalizeDocument(await extractOffice('fixture', 'forms.doc', fixture('forms.doc'), 'doc'));
    expect(differences('', records, expected())).toEqual([]);
  }, 120_000);

  it('without LibreOffice the document fails saying what to install', async () => {
    const error = await extractOffice('fixture', 'forms.doc', fixture('forms.doc'), 'doc', { soffice: '/nonexistent/soffice' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/needs LibreOffice to be read.*apt-get install -y libreoffice-writer-nogui/);
  });
});

describe('pictures in Word files', () => {
  it.each<BitmapEncoding>(['rle8', 'gray8', 'rgb24'])('an EMF bitmap (%s) decodes to its pixels and resolution', (encoding) => {
    const width = 37, height = 11;
    const data = new Uint8Array(width * height).map((_, i) => ((i % width) * 7 + Math.floor(i / width) * 29) % 256);
    const emf = bitmapMetafile({ width, height, data }, 150, encoding);
    const bitmap = readMetafile(emf).bitmaps[0]?.bitmap;
    expect(bitmap?.dpi).toBe(150);
    expect(bitmap?.image.width).toBe(width);
    expect(Array.from(bitmap!.image.data)).toEqual(Array.from(data));
  });

  it('refuses a bitmap that states more pixels than its bytes hold', () => {
    const emf = bitmapMetafile({ width: 8, height: 8, data: new Uint8Array(64) }, 96, 'gray8');
    const view = new DataView(emf.buffer);
    // The BITMAPINFOHEADER's width, in the STRETCHDIBITS record after the 88-byte header.
    view.setInt32(88 + 80 + 4, 4000, true);
    expect(() => readMetafile(emf)).toThrow(/cut short/);
    expect(() => decodeDib(new Uint8Array(8), 0, 0, 0)).toThrow();
  });

  describe.skipIf(!facesInstalled() && !ON_CI)('a form pasted as an EMF bitmap', () => {
    const engine = createPaddleEngine();
    afterAll(() => engine.close());

    it('is read by the table-aware OCR to the record its PDF gives', async () => {
      const name = FORM_NAMES[0];
      const pdf = await drawForms([selfEvaluation(name)], { face: 'wqy-microhei', size: 10, landscape: false, widths: [1, 1, 1, 2, 1, 1, 1, 1, 2] });
      const scale = 200 / 72;
      const pictures: Record<string, Uint8Array> = {};
      await withPdf(pdf, async (doc) => {
        for (let n = 1; n <= doc.numPages; n++) {
          await withPage(doc, n, async (page) => void (pictures[`image${n}.emf`] = bitmapMetafile(await renderPage(doc, page, scale), 200)));
        }
      });
      const docx = formsDocx([], { pictures });
      const doc = await extractOffice('fixture', 'pasted.docx', docx, 'docx', { ocr: engine });
      expect(doc.pages.every((p) => p.ocr?.reason === 'pasted-image')).toBe(true);
      expectRecord(doc, name);
    }, 120_000);

    it('pasted onto a sheet as a PNG, under a heading in cells, is read the same way', async () => {
      const name = FORM_NAMES[0];
      const pdf = await drawForms([{ ...selfEvaluation(name), heading: [] }], { face: 'ukai', size: 11, landscape: false, widths: [1, 1.2, 1, 2, 1, 1, 1, 1, 2] });
      const pngs: Buffer[] = [];
      await withPdf(pdf, async (doc) => {
        for (let n = 1; n <= doc.numPages; n++) pngs.push(await withPage(doc, n, (page) => drawPage(doc, page, 200 / 72, (canvas) => (canvas as { encode: (f: 'png') => Promise<Buffer> }).encode('png'))));
      });
      const sheet = formsWorkbook([{ heading: selfEvaluation(name).heading, columns: 9, rows: [] }]);
      const xlsx = withSheetPictures(workbookBytes(sheet, 'xlsx'), pngs.map((png, i) => ({ bytes: new Uint8Array(png), extension: 'png' as const, row: 2 + 60 * i })));
      const doc = await extractOffice('fixture', 'pasted.xlsx', xlsx, 'xlsx', { ocr: engine });
      expect(doc.pages.map((p) => p.ocr?.reason)).toEqual(pngs.map(() => 'pasted-image'));
      expectRecord(doc, name);
    }, 120_000);

    function expectRecord(doc: ExtractedDocument, name: string): void {
      // OCR may misread a character: the share of the expected fields read right is held to the EMF corpus's floor.
      const want = [selfEvaluationRecord(name)];
      const wrong = differences('', normalizeDocument(doc), want);
      expect(wrong.length / leaves(want), wrong.join('\n')).toBeLessThanOrEqual(0.03);
    }
  });
});

describe('hostile Office files fail alone, with a reason, inside the extraction limits', () => {
  const pool = createExtractPool({ size: 1, ocr: false });
  afterAll(() => pool.close());

  it.each([
    ['hostile-bomb.docx', /inflates to 200 MB, over the 128 MB/],
    ['hostile-bomb-lying.docx', /damaged Word document XML/],
    ['hostile-entities.docx', /damaged Word document XML: .*undefined entity/],
    ['hostile-million-rows.xlsx', /has 1000000 rows, more than the 20000/],
    ['hostile-encrypted.docx', /^encrypted: the Office file needs a password/],
    ['hostile-truncated.xlsx', /^damaged ZIP archive/],
  ])('%s', async (name, reason) => {
    const error = await pool.extract('fixture', name, fixture(name)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(reason);
    // The process that read it goes on reading.
    expect(normalizeDocument(await pool.extract('fixture', 'forms.docx', fixture('forms.docx')))).toHaveLength(2);
  }, 60_000);

  it('a page of a workbook is drawn as laid out, so reviewers see the cells its records point at', async () => {
    const doc = await read('forms.xlsx');
    const { png, scale } = await pool.render(fixture('forms.xlsx'), 1, { scale: 1.5, maxPixels: 4e6 });
    expect(Buffer.from(png.subarray(0, 8)).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    // PNG width and height, big-endian at bytes 16 and 20: the laid-out page at the scale used.
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([Math.ceil(doc.pages[0]!.width * scale), Math.ceil(doc.pages[0]!.height * scale)]);
    await expect(pool.render(fixture('forms.xlsx'), 9, { scale: 1, maxPixels: 4e6 })).rejects.toThrow(/has 2 pages, not 9/);
  });

  it('a macro-enabled file is read for its tables; its macros are never run or read', async () => {
    const doc = await pool.extract('fixture', 'forms.docm', fixture('forms.docm'));
    expect(normalizeDocument(doc)).toHaveLength(2);
    expect(JSON.stringify(doc)).not.toContain('AutoOpen');
  });
});

function sofficeInstalled(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, 'soffice')));
}

/** Fields (leaf values) of expected records. */
function leaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + leaves(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + leaves(v), 0);
  return 1;
}
