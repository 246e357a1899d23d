import { compactText } from '../compact-text.ts';
/** One spelling per unit where forms print several (`平方千米`/`平方公里`/`km²`, `平方米`/`㎡`). */
const SYNONYMS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:平方千米|平方公里|km\^?2)$/i, '平方公里'],
  [/^(?:平方米|平米|m\^?2)$/i, '平方米'],
  [/^(?:千克|kg)$/i, '公斤'],
  [/^(?:km|千米)$/i, '公里'],
];

const unitKey = (unit: string): string => {
  const compact = compactText(unit);
  return SYNONYMS.find(([pattern]) => pattern.test(compact))?.[1] ?? compact;
};

// Seed 004 prints a per-head cost as `≤4980 元` against `4980 元/人`: the same quantity, so `/人` may drop.
const PER_HEAD = /\/人(?:次)?$/;

/**
 * Whether two printed units measure the same thing, so that actual/target is a meaningful ratio.
 * - Equal after compaction and synonyms: `万元` ≈ `万元`, `平方公里` ≈ `km²`.
 * - `X` ≈ `X/人` (per head, seed 004 (f)); but a unit price is not a total: `万元/亩` ≠ `万元`.
 * - A counting word may be dropped: `个` ≈ `个地块` (`45 个地块` reported as `45个`).
 * - No unit: comparable with any unit except `%`. A bare `36` against `36 个` is the same count with the
 *   unit left off, but a bare `95` against `95%` may be a fraction or a percent, so it is not guessed.
 * - Scale is never converted (`万元` vs `元`): a factor of 10 000 is as likely a typing error as a unit.
 */
export function sameUnit(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return (a ?? b) !== '%';
  const [x, y] = [unitKey(a), unitKey(b)];
  if (x === y) return true;
  if (x.replace(PER_HEAD, '') === y.replace(PER_HEAD, '')) return true;
  return (x === '个' && y.startsWith('个')) || (y === '个' && x.startsWith('个'));
}
