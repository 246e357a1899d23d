import type { DocumentStatus, StageName } from '../schemas/index.ts';

/** Where a document's processing resumes, by its stored status; null: nothing left to do. */
export const RESUME: Record<DocumentStatus, StageName | null> = {
  received: 'extract', failed: 'extract', extracted: 'normalize', normalized: 'validate', validated: null,
};
