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
  /** The OCR engine for scanned pages and pasted pictures: PP-OCRv4 recognition (onnxruntime) or tesseract.js. */
  JIXIAO_OCR_ENGINE: z.enum(['paddle', 'tesseract']).default('paddle'),
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
