import type { Redis } from 'ioredis';
import { createQueues, type QueueOptions, type StageQueues } from '../../workers/run-queued.ts';
import { withTimeout } from '../../workers/with-timeout.ts';
import type { Config } from '../config.ts';
import { connectRedis, ready } from './redis.ts';

export class ScaleOutConfigError extends Error {}

/** Queued mode needs a shared database (PGlite is one process's) and Redis; say which is missing. */
export function requireScaleOut(config: Config): { redisUrl: string; databaseUrl: string } {
  const missing = [!config.REDIS_URL && 'REDIS_URL', !config.DATABASE_URL && 'DATABASE_URL'].filter(Boolean);
  if (missing.length) {
    throw new ScaleOutConfigError(`queued mode needs ${missing.join(' and ')} (e.g. redis://127.0.0.1:6379 and postgres://postgres@127.0.0.1:5432/test); for one machine without servers use \`jixiao ingest\``);
  }
  return { redisUrl: config.REDIS_URL!, databaseUrl: config.DATABASE_URL! };
}

export type QueueHandle = StageQueues & { redis: Redis; options: QueueOptions; shutdown: () => Promise<void> };

export type OpenQueuesOptions = {
  log?: (message: string) => void;
  /** Tries each job queued through these queues gets. @default 3 */
  attempts?: number;
};

/**
 * Connects to Redis (failing within seconds, naming the URL, when it cannot) and opens the stage queues.
 * `shutdown` closes both; on failure nothing is left open.
 */
export async function openQueues(config: Config, role: 'worker' | 'producer', { log, attempts }: OpenQueuesOptions = {}): Promise<QueueHandle> {
  const { redisUrl } = requireScaleOut(config);
  const redis = connectRedis(redisUrl, role, log);
  await ready(redis, redisUrl);
  const options: QueueOptions = { connection: redis, prefix: config.JIXIAO_QUEUE_PREFIX, ...(attempts ? { attempts } : {}) };
  const queues = createQueues(options);
  return {
    ...queues, redis, options,
    shutdown: async () => {
      try {
        await queues.close();
      } finally {
        // quit() lets queued commands finish, which wait for a dead server forever: give it two seconds.
        await withTimeout(redis.quit(), 2_000, 'redis quit').catch(() => undefined);
        redis.disconnect();
      }
    },
  };
}
