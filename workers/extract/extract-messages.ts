import type { ExtractedDocument } from '../../schemas/index.ts';

/** The OCR engines an extract process can read pages with: PP-OCRv4 recognition (onnxruntime) or tesseract.js. */
export type OcrEngineChoice = 'paddle' | 'tesseract';

export type ExtractRequest = { id: string; fileName: string; bytes: Uint8Array; maxPages: number; ocr: boolean; ocrEngine: OcrEngineChoice };

export type ExtractReply =
  /** The process has loaded pdf.js and listens. */
  | { kind: 'ready' }
  /** The process has taken the request: the stall clock may run. */
  | { kind: 'started' }
  | { kind: 'page'; page: number; pageCount: number }
  | { kind: 'done'; doc: ExtractedDocument }
  | { kind: 'failed'; message: string; permanent: boolean };
