import path from 'node:path';
import { createRequire } from 'node:module';
// First: it takes the engine's built-ins before pdf.js replaces them.
import { restoreEngineBuiltins } from './engine-builtins.ts';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { PermanentError } from '../errors.ts';
import { PAGE_LIMITS } from './page-limits.ts';
import { filterPdfWarnings } from './pdf-warnings.ts';

restoreEngineBuiltins();

export type { PDFDocumentProxy, PDFPageProxy };
export { pdfjs };

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * pdf.js options for Node. Without `cMapUrl` CJK text from predefined CMaps (UniGB-UCS2-H, GBK-EUC-H:
 * typical of government PDFs) silently comes out empty; the Node factory reads these paths with fs and
 * requires the trailing slash.
 */
const OPTIONS = {
  cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
  cMapPacked: true,
  standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
  wasmUrl: path.join(PDFJS_DIR, 'wasm') + path.sep,
  isEvalSupported: false,
  useSystemFonts: false,
  disableFontFace: true,
  // Pictures over the cap are left out undecoded; pdf.js says so only as a warning, which pdf-warnings.ts keeps.
  maxImageSize: PAGE_LIMITS.maxImagePixels,
  verbosity: 1,
} as const;

/** Opens a PDF, runs `operation`, and always destroys the document, whatever happens. */
export async function withPdf<T>(bytes: Uint8Array, operation: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  filterPdfWarnings();
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const task = pdfjs.getDocument({ ...OPTIONS, data: new Uint8Array(bytes) });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw describeOpenError(error, bytes);
  } finally {
    // The first document loads pdf.js's worker module, which brings its own copy of the polyfills.
    restoreEngineBuiltins();
  }
  try {
    return await operation(doc);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** Gets one page, runs `operation`, and releases the page's resources. */
export async function withPage<T>(doc: PDFDocumentProxy, number: number, operation: (page: PDFPageProxy) => Promise<T>): Promise<T> {
  const page = await doc.getPage(number);
  try {
    return await operation(page);
  } finally {
    page.cleanup();
  }
}

/**
 * pdf.js errors in words a user can act on; all of them are permanent: the same bytes fail the same way.
 * The bytes start with %PDF- by now (the extract stage checks), so a structure pdf.js cannot find means
 * damage, most often a download cut short: said so when the file does not end with %%EOF.
 */
function describeOpenError(error: unknown, bytes: Uint8Array): PermanentError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new PermanentError(`encrypted: the PDF needs a password (${message})`);
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) return new PermanentError(`damaged PDF: the file is cut short, as by an interrupted download (no %%EOF at its end; ${message})`);
  if (name === 'InvalidPDFException') return new PermanentError(`damaged PDF: not a readable PDF structure (${message})`);
  return new PermanentError(`damaged PDF: ${message}`);
}
