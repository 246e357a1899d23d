import { z } from 'zod';

/** Paging of every list: `limit` items from `offset`, in a stable order; the total says how many there are. */
export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The unit and year filters every listing takes, as the CLI's `--department` and `--year`. */
export const UnitYear = z.object({
  department: z.string().min(1).optional(),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.int().nonnegative(), limit: z.int(), offset: z.int() });

export function slice<T>(all: readonly T[], page: { limit: number; offset: number }): { items: T[]; total: number; limit: number; offset: number } {
  return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, limit: page.limit, offset: page.offset };
}
