import { availableParallelism } from 'node:os';
import type { ExtractPoolOptions } from '../../workers/extract/extract-pool.ts';
import type { Config } from '../config.ts';

/**
 * The extract pool's limits as configured: the same for `ingest` and for queued workers. `concurrency` documents
 * in flight take a process each; with fewer in flight, a document is spread over the idle ones.
 */
export const extractOptions = (config: Config, concurrency: number): ExtractPoolOptions => ({
  size: Math.max(concurrency, config.JIXIAO_EXTRACT_SPREAD ?? availableParallelism()),
  spread: config.JIXIAO_EXTRACT_SPREAD ?? availableParallelism(),
  ocrEngine: config.JIXIAO_OCR_ENGINE,
  maxPages: config.JIXIAO_MAX_PAGES,
  stallMs: config.JIXIAO_PAGE_TIMEOUT_SECONDS * 1000,
  baseMs: config.JIXIAO_DOCUMENT_SECONDS * 1000,
  pageMs: config.JIXIAO_PAGE_SECONDS * 1000,
  rssMb: config.JIXIAO_EXTRACT_MEMORY_MB,
});
