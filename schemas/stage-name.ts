import { z } from 'zod';

/** One name per stage, used for the queue, the stored artifact and the log field. */
export const StageName = z.enum(['extract', 'normalize', 'validate']);
export type StageName = z.infer<typeof StageName>;
