import type { ExtractedDocument } from '../../schemas/index.ts';

/** The OCR engines a thread can read pages with: PP-OCRv4 recognition (onnxruntime) or tesseract.js. */
export type OcrEngineChoice = 'paddle' | 'tesseract';

export type ThreadRequest = { id: string; fileName: string; bytes: Uint8Array; maxPages: number; ocr: boolean; ocrEngine: OcrEngineChoice };

export type ThreadReply =
  /** The thread has taken the request: its start-up (loading pdf.js) is over and the stall clock may run. */
  | { kind: 'started' }
  | { kind: 'page'; page: number; pageCount: number }
  | { kind: 'done'; doc: ExtractedDocument }
  | { kind: 'failed'; message: string; permanent: boolean };
