import type { ExtractedDocument } from '../../schemas/index.ts';

/** The OCR engines an extract process can read pages with: PP-OCRv4 recognition (onnxruntime) or tesseract.js. */
export type OcrEngineChoice = 'paddle' | 'tesseract';

export type ExtractRequest = {
  kind: 'extract'; id: string; fileName: string; bytes: Uint8Array; maxPages: number; ocr: boolean; ocrEngine: OcrEngineChoice;
  /** LibreOffice's command, for Word 97–2003 files. */
  soffice: string;
  /** This process' share of the pages when a document is spread over several. */
  stride?: { part: number; parts: number };
};

/** One page drawn for a reader (the web page's page images): pdf.js and a canvas, kept out of the server's process. */
export type RenderRequest = { kind: 'render'; bytes: Uint8Array; page: number; scale: number; maxPixels: number; soffice: string };

export type ProcessRequest = ExtractRequest | RenderRequest;

export type ExtractReply =
  /** The process has loaded pdf.js and listens. */
  | { kind: 'ready' }
  /** The process has taken the request: the stall clock may run. */
  | { kind: 'started' }
  | { kind: 'page'; page: number; pageCount: number }
  | { kind: 'done'; doc: ExtractedDocument }
  | { kind: 'rendered'; png: Uint8Array; scale: number }
  | { kind: 'failed'; message: string; permanent: boolean };
