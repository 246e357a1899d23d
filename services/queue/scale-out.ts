import type { Redis } from 'ioredis';
import { createQueues, type QueueOptions, type StageQueues } from '../../workers/run-queued.ts';
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

export async function openQueues(config: Config, role: 'worker' | 'producer', log?: (message: string) => void): Promise<QueueHandle> {
  const { redisUrl } = requireScaleOut(config);
  const redis = connectRedis(redisUrl, role, log);
  await ready(redis, redisUrl);
  const options: QueueOptions = { connection: redis, prefix: config.JIXIAO_QUEUE_PREFIX };
  const queues = createQueues(options);
  return {
    ...queues, redis, options,
    shutdown: async () => {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
