import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export type HostLock = { release: () => Promise<void> };

// Renew and release only what this holder set: another holder's lock (after ours lapsed) is left alone.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Locks on hosts in Redis, so that two crawl jobs (on one machine or several) never crawl the same host at once:
 * each lock lives `ttlMs` and is renewed every third of it while held, so a crawler that dies frees its hosts
 * within `ttlMs`. All of a source's hosts are taken, or none.
 */
export function hostLocks(redis: Redis, prefix: string, ttlMs = 60_000) {
  const key = (host: string) => `${prefix}:crawl-host:${host}`;
  return {
    async acquire(hosts: readonly string[]): Promise<HostLock | null> {
      const token = randomUUID();
      const held: string[] = [];
      for (const host of [...new Set(hosts)].sort()) {
        if ((await redis.set(key(host), token, 'PX', ttlMs, 'NX')) !== 'OK') {
          for (const h of held) await redis.eval(RELEASE, 1, key(h), token);
          return null;
        }
        held.push(host);
      }
      const timer = setInterval(() => {
        for (const h of held) void redis.eval(RENEW, 1, key(h), token, String(ttlMs)).catch(() => undefined);
      }, Math.max(1_000, Math.floor(ttlMs / 3)));
      timer.unref();
      return {
        release: async () => {
          clearInterval(timer);
          for (const h of held) await redis.eval(RELEASE, 1, key(h), token);
        },
      };
    },
  };
}
