import { z } from 'zod';

/** The environment jixiao reads; nothing else looks at process.env. */
export const Config = z.object({
  /** Where the embedded store keeps its files. */
  JIXIAO_DATA_DIR: z.string().min(1).default('./data'),
  /**
   * The embedded store is one process's at a time: how long another jixiao command waits for it before refusing
   * (0: refuse at once). PostgreSQL has no such limit.
   */
  JIXIAO_STORE_WAIT_SECONDS: z.coerce.number().int().min(0).default(60),
  /** PostgreSQL instead of the embedded store, e.g. postgres://user@host:5432/db. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  JIXIAO_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('jixiao'),
  /** How long a queued job's lock lives; a worker that dies loses its jobs to others after this. */
  JIXIAO_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  /**
   * Longest a queued normalize or validate step may run. They run on the worker's main thread, which also
   * renews the job's lock: a step that outlived JIXIAO_LOCK_MS would be taken over and run twice at once,
   * so workers hold each step to the smaller of this and 80% of the lock. Extraction has its own limits.
   */
  JIXIAO_STEP_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** How often a worker looks for unfinished documents whose job was lost (Redis lost its data), and queues them again. */
  JIXIAO_SWEEP_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** The OCR engine for scanned pages and pasted pictures: PP-OCRv4 recognition (onnxruntime) or tesseract.js. */
  JIXIAO_OCR_ENGINE: z.enum(['paddle', 'tesseract']).default('paddle'),
  /** Pages read per document; pages past it are recorded on the document as not read (a page-count bomb). */
  JIXIAO_MAX_PAGES: z.coerce.number().int().min(1).default(2000),
  /** One page, its OCR included, may take this long; a document with no page finished for this long times out. */
  JIXIAO_PAGE_TIMEOUT_SECONDS: z.coerce.number().min(1).default(60),
  /**
   * A whole document may take JIXIAO_DOCUMENT_SECONDS plus JIXIAO_PAGE_SECONDS for each of its pages (an OCR'd
   * page takes 1–5 s here). A document that times out is tried once more, then fails with the reason.
   */
  JIXIAO_DOCUMENT_SECONDS: z.coerce.number().min(1).default(120),
  JIXIAO_PAGE_SECONDS: z.coerce.number().min(0).default(20),
  /**
   * Resident memory one extraction process may use, all of it (decoded pictures, canvases and OCR models live
   * outside V8's heap); a document that needs more fails alone with that reason. Pages within the limits of
   * workers/extract/page-limits.ts need 200–600 MiB.
   */
  JIXIAO_EXTRACT_MEMORY_MB: z.coerce.number().int().min(256).default(1536),
  /**
   * Extraction processes one document may be spread over while the others are idle (every n-th page each): worth it
   * for long scans read by OCR one at a time (8 pages: 1.4× as fast on 2 cores), not for small documents. @default 1
   */
  JIXIAO_EXTRACT_SPREAD: z.coerce.number().int().min(1).max(64).optional(),
  /** LibreOffice's command, which converts Word 97–2003 files (.doc, .wps) to .docx for the Office reader. @default soffice */
  JIXIAO_SOFFICE: z.string().min(1).default('soffice'),
  /**
   * API tokens for `jixiao serve`, each with its scope: `read:TOKEN1,write:TOKEN2` (write includes read). Unset (and no
   * JIXIAO_API_TOKENS_FILE): the server is open to reads and writes and listens on loopback only.
   */
  JIXIAO_API_TOKENS: z.string().optional(),
  /** A file of tokens, one `scope:token` a line (`#` comments), read at start. */
  JIXIAO_API_TOKENS_FILE: z.string().optional(),
  /** Largest upload `jixiao serve` accepts, per file. */
  JIXIAO_UPLOAD_MB: z.coerce.number().int().min(1).default(200),
  /** The sources file of `crawl` and `worker` (default: jixiao.sources.yaml, .yml or .json in the working folder). */
  JIXIAO_SOURCES: z.string().optional(),
  /** Who to contact about jixiao's requests (a URL or mailto:), sent in the User-Agent when the sources file names none. */
  JIXIAO_CRAWL_CONTACT: z.url({ protocol: /^(https?|mailto)$/ }).optional(),
  /** Unset: the CLI logs errors only (its progress lines report failures), workers log info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at start-up; a bad value stops the program with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
