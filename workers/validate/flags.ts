import type { Finding, FormRecord } from '../../schemas/index.ts';

/**
 * An oversight flag (domain.md §6): something a reviewer should look at although the arithmetic may hold.
 * Returns findings of kind 'flag', each with the cells that prove it; never changes the record.
 */
export type FlagRule = (record: FormRecord) => Finding[];

/** Flags run after the checks, in this order. */
export const flags: readonly FlagRule[] = [];
