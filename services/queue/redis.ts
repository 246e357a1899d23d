import { Redis } from 'ioredis';

/**
 * One Redis connection. Workers wait for Redis through outages (`maxRetriesPerRequest: null`, as BullMQ
 * requires for blocking commands); producers and status queries fail fast so the CLI can say Redis is down.
 */
export function connectRedis(url: string, role: 'worker' | 'producer', log?: (message: string) => void): Redis {
  const redis = new Redis(url, role === 'worker'
    ? { maxRetriesPerRequest: null }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000, lazyConnect: false });
  // ioredis reconnects by itself; an unheard 'error' event would only print a stack per attempt.
  let last = '';
  redis.on('error', (error: Error) => {
    if (error.message !== last) log?.(`redis: ${error.message}`);
    last = error.message;
  });
  redis.on('ready', () => (last = ''));
  return redis;
}

/** Resolves once the connection is up, or rejects with a message that names the URL. */
export async function ready(redis: Redis, url: string): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      redis.off('ready', ok);
      reject(new Error(`Redis at ${url} is not reachable: ${error.message}`));
    };
    const ok = () => {
      redis.off('error', fail);
      resolve();
    };
    redis.once('ready', ok).once('error', fail);
  });
}
