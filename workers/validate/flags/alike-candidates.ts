/**
 * Which texts of a set can be alike (Dice coefficient of their character pairs ≥ `threshold`), without comparing
 * every pair: comparing every form of a department and year with every other one is quadratic, and a province's
 * year holds thousands of forms (10,000 forms took 46 s; most of the pairs share almost nothing).
 *
 * Prefix filtering (the "all-pairs" similarity join): each text is the multiset of its character pairs, made a set
 * by numbering repeats (`ab#1`, `ab#2`), so that the overlap of two sets is exactly the shared count Dice uses.
 * Two sets with Dice ≥ t overlap in at least o ≥ t·|A|/(2−t) tokens (because |B| ≥ t·|A|/(2−t) then), and when
 * two sets share o tokens, their first shared token in one global order sits within the first |A|−o+1 tokens of A
 * and the first |B|−o+1 of B. So only texts whose short prefixes (rarest tokens first) share a token can be alike;
 * the caller still decides with the exact comparison. The filter never drops a pair the exact test accepts.
 */
export function alikeCandidates(texts: readonly string[], threshold: number): number[][] {
  const tokens = texts.map(pairTokens);
  const frequency = new Map<string, number>();
  for (const set of tokens) for (const token of set) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);

  const posting = new Map<string, number[]>();
  tokens.forEach((set, i) => {
    const sorted = [...set].sort(rarestFirst);
    // Rounded down (and a hair lower for floating point): a shorter bound only makes the prefix longer, never unsafe.
    const overlap = Math.max(1, Math.floor((threshold * sorted.length) / (2 - threshold) - 1e-9));
    const prefix = sorted.length === 0 ? [''] : sorted.slice(0, sorted.length - overlap + 1);
    for (const token of prefix) {
      const list = posting.get(token);
      if (list) list.push(i);
      else posting.set(token, [i]);
    }
  });

  const candidates = texts.map(() => new Set<number>());
  for (const list of posting.values()) {
    for (const i of list) for (const j of list) if (i !== j) candidates[i]!.add(j);
  }
  return candidates.map((set) => [...set].sort((a, b) => a - b));
}

/** The character pairs of a text, repeats numbered so that a multiset becomes a set. */
function pairTokens(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    const n = (seen.get(pair) ?? 0) + 1;
    seen.set(pair, n);
    out.add(`${pair}#${n}`);
  }
  return out;
}
