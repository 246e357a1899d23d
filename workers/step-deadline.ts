import { AsyncLocalStorage } from 'node:async_hooks';
import { TimeoutError } from './errors.ts';

/**
 * A step ran out of time. Like every time-out it is tried once more (the machine may have been busy), then
 * final: the same pages would take as long again.
 */
export class StepTimeoutError extends TimeoutError {
  override name = 'StepTimeoutError';
}

type Deadline = { at: number; ms: number };

/**
 * The running step's deadline, for synchronous code. Normalize runs on the main thread without awaiting
 * anything, so no timer can fire while it runs: its long loops compare the clock themselves
 * (`checkDeadline`). Async-local, so steps of several documents interleaved on one thread keep their own.
 */
const current = new AsyncLocalStorage<Deadline>();

const timeoutError = ({ ms }: Deadline) =>
  new StepTimeoutError(`gave up after ${ms / 1000} s: too much to read in time (a page with thousands of ruling lines?)`);

/**
 * Runs `fn` with a deadline of `ms` (none when undefined): it gets a signal aborted at the deadline (or when
 * `outer` aborts), its synchronous loops may call `checkDeadline`, and the returned promise rejects with
 * `StepTimeoutError` at the deadline even if `fn` ignores both.
 */
export async function withDeadline<T>(ms: number | undefined, outer: AbortSignal | undefined, fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (ms === undefined) return fn(outer);
  const deadline: Deadline = { at: Date.now() + ms, ms };
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(timeoutError(deadline)), ms);
  const signal = outer ? AbortSignal.any([outer, own.signal]) : own.signal;
  let stop: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
  });
  try {
    if (signal.aborted) throw signal.reason;
    return await Promise.race([current.run(deadline, () => fn(signal)), aborted]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    aborted.catch(() => undefined);
  }
}

/** Throws `StepTimeoutError` once the running step's deadline has passed; cheap enough for every outer loop turn. */
export function checkDeadline(): void {
  const deadline = current.getStore();
  if (deadline && Date.now() > deadline.at) throw timeoutError(deadline);
}
