import { z } from 'zod';

/** The environment jixiao reads; nothing else looks at process.env. */
export const Config = z.object({
  /** Where the embedded store keeps its files. */
  JIXIAO_DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL instead of the embedded store, e.g. postgres://user@host:5432/db. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
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
