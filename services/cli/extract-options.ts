import type { ExtractPoolOptions } from '../../workers/extract/extract-pool.ts';
import type { Config } from '../config.ts';

/**
 * The extract pool's limits as configured: the same for `ingest` and for queued workers. `concurrency` documents
 * in flight take a process each; JIXIAO_EXTRACT_SPREAD > 1 lets a document be spread over idle ones. Off by
 * default: measured on this 2-core machine it reads a 43-page born-digital file 1.2× and 8 scanned pages 1.4× as
 * fast, but small documents slower (each process pays a document's fonts and CMaps again: one worker on 6-page
 * documents 436 documents/minute spread, 485 not; two workers 366 against 580).
 */
export const extractOptions = (config: Config, concurrency: number): ExtractPoolOptions => {
  const spread = config.JIXIAO_EXTRACT_SPREAD ?? 1;
  return {
    size: Math.max(concurrency, spread),
    spread,
    ocrEngine: config.JIXIAO_OCR_ENGINE,
    maxPages: config.JIXIAO_MAX_PAGES,
    stallMs: config.JIXIAO_PAGE_TIMEOUT_SECONDS * 1000,
    baseMs: config.JIXIAO_DOCUMENT_SECONDS * 1000,
    pageMs: config.JIXIAO_PAGE_SECONDS * 1000,
    rssMb: config.JIXIAO_EXTRACT_MEMORY_MB,
    soffice: config.JIXIAO_SOFFICE,
  };
};
