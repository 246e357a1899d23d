import type { OcrDecision } from './needs-ocr.ts';

/**
 * Pixels per point to render a page for OCR. Vector pages (a text layer without usable Unicode) render
 * crisp at 300 dpi; scans and pasted pictures carry about 200 dpi of detail, so more only costs time.
 */
export const ocrScale = (decision: Exclude<OcrDecision, { kind: 'none' }>): number =>
  (decision.reason === 'garbage-text' ? 300 : 200) / 72;
