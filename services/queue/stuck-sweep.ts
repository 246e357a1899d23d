import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorMessage } from '../../workers/errors.ts';
import type { StageQueues } from '../../workers/run-queued.ts';
import type { Log } from '../../workers/stage.ts';
import { listUnfinished, requeueStuck } from './stuck-documents.ts';
import type { Store } from '../store/store.ts';

export type StuckSweepOptions = {
  store: Pick<Store, 'listDocuments'>;
  queues: StageQueues;
  /** The workers' connection: its `ready` after a reconnect starts a sweep. */
  redis: Redis;
  prefix: string;
  intervalMs: number;
  log: Log;
};

export type StuckSweep = {
  /** Sweeps now unless another worker swept less than an interval ago; resolves with the documents queued (-1: skipped). */
  sweep: () => Promise<number>;
  stop: () => void;
};

/**
 * What `jixiao retry --stuck-only` does, done by the workers themselves: when their connection to Redis
 * comes (back) up and then every `intervalMs`, unfinished documents whose job was lost are queued again.
 * A lock (SET NX PX) held for most of an interval lets one worker of the fleet sweep per interval; Redis
 * that lost its data lost the lock too, so the next sweep after such a loss is never skipped.
 */
export function startStuckSweep({ store, queues, redis, prefix, intervalMs, log }: StuckSweepOptions): StuckSweep {
  const lockKey = `${prefix}:stuck-sweep`;
  const holder = `${process.pid}-${randomUUID()}`;
  let running: Promise<number> | null = null;

  const sweepOnce = async (): Promise<number> => {
    const locked = await redis.set(lockKey, holder, 'PX', Math.max(1_000, Math.floor(intervalMs * 0.9)), 'NX');
    if (locked !== 'OK') return -1;
    const stuck = await requeueStuck(await listUnfinished(store), queues);
    if (stuck.length) log.warn({ documents: stuck.length }, 'queued again: unfinished documents whose job was lost');
    return stuck.length;
  };
  const sweep = (): Promise<number> => {
    // One sweep at a time in this process: a slow one is not stacked on by the timer.
    running ??= sweepOnce()
      .catch((error: unknown) => {
        log.warn({ error: errorMessage(error) }, 'sweep for lost jobs failed; the next one will try again');
        return -1;
      })
      .finally(() => (running = null));
    return running;
  };

  let connected = redis.status === 'ready';
  const onReady = () => {
    if (connected) return;
    connected = true;
    void sweep();
  };
  const onClose = () => (connected = false);
  redis.on('ready', onReady).on('close', onClose);
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  void sweep();
  return {
    sweep,
    stop: () => {
      clearInterval(timer);
      redis.off('ready', onReady).off('close', onClose);
    },
  };
}
