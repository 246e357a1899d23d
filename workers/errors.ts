/** Retrying cannot help: the input itself is bad (not a PDF, encrypted, damaged, rejected by a schema). */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

export const isPermanent = (error: unknown): boolean => error instanceof PermanentError;

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
