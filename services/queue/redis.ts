import { Redis } from 'ioredis';
import { redactUrl } from '../redact-url.ts';

/** How long one attempt to connect may take: a host that drops packets must fail as fast as one that refuses. */
const CONNECT_TIMEOUT_MS = 4_000;

/**
 * One Redis connection. Workers wait for Redis through outages (`maxRetriesPerRequest: null`, as BullMQ
 * requires for blocking commands); producers and status queries fail fast so the CLI can say Redis is down.
 * Either way ioredis keeps reconnecting until `disconnect()`: a caller giving up must call it, or the
 * process never ends.
 */
export function connectRedis(url: string, role: 'worker' | 'producer', log?: (message: string) => void): Redis {
  // disconnect() half-closes and waits this long for the server's side before destroying the socket: a hung
  // server never closes its side, and the process would wait the default 2 s longer to exit.
  const limits = { connectTimeout: CONNECT_TIMEOUT_MS, disconnectTimeout: 300 };
  const redis = new Redis(url, role === 'worker'
    ? { ...limits, maxRetriesPerRequest: null }
    : { ...limits, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  // ioredis reconnects by itself; an unheard 'error' event would only print a stack per attempt. Before the
  // first connection `ready` reports the failure, once.
  let last = '';
  let connected = false;
  redis.on('error', (error: Error) => {
    if (connected && error.message !== last) log?.(`redis: ${error.message}`);
    last = error.message;
  });
  redis.on('ready', () => {
    connected = true;
    last = '';
  });
  return redis;
}

/**
 * Resolves once the connection is up, or rejects with a message that names the URL at the first failed
 * attempt, having disconnected (no reconnecting client is left to keep the process alive). A server that
 * accepts the connection and never answers fails too: `connectTimeout` only covers the TCP handshake.
 */
export async function ready(redis: Redis, url: string): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      redis.off('ready', ok).off('error', fail);
    };
    const fail = (error: Error) => {
      settle();
      redis.disconnect();
      // A refused connection to a name with several addresses (localhost) is an AggregateError with no message.
      const reason = error.message || String((error as { code?: unknown }).code ?? 'no reason given');
      reject(new Error(`Redis at ${redactUrl(url)} is not reachable: ${reason}`));
    };
    const ok = () => {
      settle();
      resolve();
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${(CONNECT_TIMEOUT_MS + 1_000) / 1000} s`)), CONNECT_TIMEOUT_MS + 1_000);
    redis.once('ready', ok).once('error', fail);
  });
}
