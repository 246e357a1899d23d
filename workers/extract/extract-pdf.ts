import type { DocumentId, ExtractedDocument, ExtractedPage } from '../../schemas/index.ts';
import { errorMessage } from '../errors.ts';
import { OcrEngineUnavailable } from '../ocr/ocr-engine.ts';
import { needsOcr } from '../ocr/needs-ocr.ts';
import type { OcrEngine } from '../ocr/ocr-engine.ts';
import { ocrPage, pageReadByOcr } from '../ocr/ocr-page.ts';
import { ocrScale } from '../ocr/ocr-scale.ts';
import { renderPage } from '../ocr/render-page.ts';
import { readPageGraphics } from './page-graphics.ts';
import { pageFacts } from './page-facts.ts';
import { PAGE_LIMITS, PageTooLargeError, type PageLimits } from './page-limits.ts';
import { collectPdfWarnings } from './pdf-warnings.ts';
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
  /** @default PAGE_LIMITS */
  limits?: PageLimits;
  /**
   * Read only every `parts`-th page from page `part + 1` (page n when (n − 1) mod parts = part): one document shared
   * by several processes, each with pages all through it, so each has its share of the heavy pages. @default all
   */
  stride?: { part: number; parts: number };
};

/**
 * The text layer and ruling lines of every page. A page that cannot be read (pdf.js fails, OCR fails, it is
 * too large) is recorded in `pageErrors` with its reason, as is a page read without a picture too large to
 * decode, and pages past `maxPages`; the other pages still come out. A document that cannot be opened throws
 * PermanentError; an OCR engine that cannot start throws (the whole document is then tried again later).
 */
export async function extractPdf(id: DocumentId, fileName: string, bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const limits = options.limits ?? PAGE_LIMITS;
  return withPdf(bytes, async (doc) => {
    const maxPages = options.maxPages ?? 2000;
    const pageCount = Math.min(doc.numPages, maxPages);
    const pages: ExtractedPage[] = [];
    const pageErrors: ExtractedDocument['pageErrors'] = [];
    const { part, parts } = options.stride ?? { part: 0, parts: 1 };
    for (let n = 1 + part; n <= pageCount; n += parts) {
      try {
        const { result, warnings } = await collectPdfWarnings(() => extractPage(doc, n, options.ocr, limits));
        pages.push(result);
        if (warnings.length) pageErrors.push({ page: n, error: `read without a picture over ${limits.maxImagePixels / 1e6} megapixels: pdf.js left it out undecoded (${warnings[0]})` });
      } catch (error) {
        if (error instanceof OcrEngineUnavailable) throw error;
        pageErrors.push({ page: n, error: errorMessage(error) });
      }
      options.onPage?.(n, pageCount);
    }
    const skipped = doc.numPages - pageCount;
    return {
      documentId: id, fileName, pageCount: doc.numPages, pages, pageErrors,
      pagesNotRead: skipped > 0 ? { from: pageCount + 1, to: doc.numPages, reason: `past the limit of ${maxPages} pages per document` } : null,
    };
  });
}

async function extractPage(doc: PDFDocumentProxy, number: number, ocr: OcrEngine | undefined, limits: PageLimits): Promise<ExtractedPage> {
  return withPage(doc, number, async (page) => {
    const viewport = page.getViewport({ scale: 1 });
    if (!(finite(viewport.width, viewport.height) && viewport.width > 0 && viewport.height > 0)) {
      throw new Error(`the page has no usable size (${viewport.width} × ${viewport.height})`);
    }
    const transform = viewport.transform as Matrix;
    // Fuzzed fonts and matrices give NaN or infinite coordinates: such a run or line has no place on the
    // page, and left in it would make the schema reject the whole document.
    const items = (await readTextItems(page, transform)).filter((i) => finite(i.fontSize, ...i.bbox));
    const graphics = await readPageGraphics(page, transform, limits.maxOperators);
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
    const scale = renderScale(ocrScale(decision), viewport.width, viewport.height, limits);
    const result = await ocrPage(extracted, await renderPage(doc, page, scale), scale, decision, ocr);
    return pageReadByOcr(extracted, result, decision.reason, ocr.name, Date.now() - started);
  });
}

/**
 * The OCR scale, lowered so the rendered page stays within `maxRenderPixels`; a page so large that it would
 * fall under `minRenderDpi` (print no longer legible) fails with its size rather than be read as noise.
 */
export function renderScale(wanted: number, width: number, height: number, limits: PageLimits): number {
  const fit = Math.sqrt(limits.maxRenderPixels / (width * height));
  if (wanted <= fit) return wanted;
  if (fit * 72 < limits.minRenderDpi) {
    const inches = (v: number) => (v / 72).toFixed(0);
    throw new PageTooLargeError(`page too large to read by OCR: ${inches(width)} × ${inches(height)} in would render at ${Math.floor(fit * 72)} dpi within ${limits.maxRenderPixels / 1e6} megapixels (at least ${limits.minRenderDpi} dpi needed)`);
  }
  return fit;
}

const finite = (...numbers: number[]): boolean => numbers.every(Number.isFinite);
