/** Retrying cannot help: the input itself is bad (not a PDF, encrypted, damaged, rejected by a schema). */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/**
 * A step ran out of time. Not permanent (the machine may have been busy) but not worth many tries either:
 * runners try it once more, then the time-out is final (`isFinal`).
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export const isPermanent = (error: unknown): boolean => error instanceof PermanentError;

/** Whether the failure of try `attempt` (from 1) of `attempts` is the last: bad input at once, a time-out on its second try. */
export const isFinal = (error: unknown, attempt: number, attempts: number): boolean =>
  isPermanent(error) || attempt >= attempts || (error instanceof TimeoutError && attempt >= 2);

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
