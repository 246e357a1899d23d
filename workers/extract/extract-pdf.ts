import type { DocumentId, ExtractedDocument, ExtractedPage } from '../../schemas/index.ts';
import { errorMessage } from '../errors.ts';
import { needsOcr } from '../ocr/needs-ocr.ts';
import type { OcrEngine } from '../ocr/ocr-engine.ts';
import { ocrPage } from '../ocr/ocr-page.ts';
import { ocrScale } from '../ocr/ocr-scale.ts';
import { renderPage } from '../ocr/render-page.ts';
import { readPageGraphics } from './page-graphics.ts';
import { pageFacts } from './page-facts.ts';
import { withPage, withPdf, type PDFDocumentProxy } from './pdf.ts';
import { readTextItems } from './text-items.ts';

type Matrix = [number, number, number, number, number, number];

export type ExtractOptions = {
  /** Pages beyond this are not read (a guard against page-count bombs). @default 2000 */
  maxPages?: number;
  /** Called after each page, for progress displays. */
  onPage?: (page: number, pageCount: number) => void;
  /** Reads pages (or regions) without a usable text layer; without it such pages keep what the PDF gave. */
  ocr?: OcrEngine;
};

/**
 * The text layer and ruling lines of every page. A page that pdf.js cannot read is recorded in
 * `pageErrors` and the other pages still come out; a document that cannot be opened throws PermanentError.
 */
export async function extractPdf(id: DocumentId, fileName: string, bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  return withPdf(bytes, async (doc) => {
    const pageCount = Math.min(doc.numPages, options.maxPages ?? 2000);
    const pages: ExtractedPage[] = [];
    const pageErrors: ExtractedDocument['pageErrors'] = [];
    for (let n = 1; n <= pageCount; n++) {
      try {
        pages.push(await extractPage(doc, n, options.ocr));
      } catch (error) {
        pageErrors.push({ page: n, error: errorMessage(error) });
      }
      options.onPage?.(n, pageCount);
    }
    return { documentId: id, fileName, pageCount: doc.numPages, pages, pageErrors };
  });
}

async function extractPage(doc: PDFDocumentProxy, number: number, ocr: OcrEngine | undefined): Promise<ExtractedPage> {
  return withPage(doc, number, async (page) => {
    const viewport = page.getViewport({ scale: 1 });
    if (!(finite(viewport.width, viewport.height) && viewport.width > 0 && viewport.height > 0)) {
      throw new Error(`the page has no usable size (${viewport.width} × ${viewport.height})`);
    }
    const transform = viewport.transform as Matrix;
    // Fuzzed fonts and matrices give NaN or infinite coordinates: such a run or line has no place on the
    // page, and left in it would make the schema reject the whole document.
    const items = (await readTextItems(page, transform)).filter((i) => finite(i.fontSize, ...i.bbox));
    const graphics = await readPageGraphics(page, transform);
    const images = graphics.images.filter((b) => finite(...b));
    const extracted: ExtractedPage = {
      number,
      width: viewport.width,
      height: viewport.height,
      items,
      rules: graphics.rules.filter((r) => finite(r.at, r.from, r.to)),
      facts: pageFacts(items, images, graphics.invisibleText, viewport.width, viewport.height),
      ocr: null,
    };
    const decision = needsOcr(extracted);
    if (decision.kind === 'none' || !ocr) return extracted;
    const started = Date.now();
    const scale = ocrScale(decision);
    const result = await ocrPage(extracted, await renderPage(doc, page, scale), scale, decision, ocr);
    return {
      ...extracted,
      width: result.width,
      height: result.height,
      items: result.items,
      rules: result.rules,
      ocr: {
        reason: decision.reason, engine: ocr.name, cells: result.cells, skew: result.skew,
        rotation: (result.quarterTurns * 90) as 0 | 90 | 270, ms: Date.now() - started,
      },
    };
  });
}

const finite = (...numbers: number[]): boolean => numbers.every(Number.isFinite);
