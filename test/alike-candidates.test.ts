import { describe, expect, it } from 'vitest';
import { alikeCandidates } from '../workers/validate/flags/alike-candidates.ts';

/** Dice coefficient of the character pairs, counted with repeats: the measure the cross-form flags decide with. */
function dice(a: string, b: string): number {
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const [x, y] = [count(a), count(b)];
  let shared = 0;
  for (const [k, n] of x) shared += Math.min(n, y.get(k) ?? 0);
  const total = a.length + b.length - 2;
  return total > 0 ? (2 * shared) / total : 1;
}

const ALPHABET = [...'项目资金预算执行绩效目标完成情况管理单位年度建设维修购置设备人员经费保障运行服务质量满意度提高'];

function texts(seed: number, count: number): string[] {
  let x = seed;
  const next = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
  const base = Array.from({ length: 8 }, () => Array.from({ length: 20 + next(100) }, () => ALPHABET[next(ALPHABET.length)]).join(''));
  return Array.from({ length: count }, () => {
    const chars = [...base[next(base.length)]!];
    // A few edits: deletions, insertions, substitutions, a repeated phrase; some texts far from every other.
    for (let e = next(9); e > 0; e--) {
      const at = next(chars.length);
      const op = next(4);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, ALPHABET[next(ALPHABET.length)]!);
      else if (op === 2) chars[at] = ALPHABET[next(ALPHABET.length)]!;
      else chars.push(...chars.slice(0, 4));
    }
    return chars.join('');
  });
}

describe('alikeCandidates', () => {
  it('never drops a pair whose Dice coefficient reaches the threshold', () => {
    const missed: string[] = [];
    let alikePairs = 0;
    for (const seed of [1, 2, 3]) {
      const set = texts(seed, 120);
      for (const threshold of [0.8, 0.95]) {
        const candidates = alikeCandidates(set, threshold).map((c) => new Set(c));
        for (let i = 0; i < set.length; i++) {
          for (let j = 0; j < set.length; j++) {
            if (i === j || dice(set[i]!, set[j]!) < threshold) continue;
            alikePairs++;
            if (!candidates[i]!.has(j)) missed.push(`seed ${seed}, t ${threshold}: ${i}–${j}`);
          }
        }
      }
    }
    expect(alikePairs).toBeGreaterThan(100);
    expect(missed).toEqual([]);
  });

  it('leaves out most pairs of texts that share little', () => {
    let x = 99;
    const next = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
    const set = Array.from({ length: 300 }, () => Array.from({ length: 120 }, () => ALPHABET[next(ALPHABET.length)]).join(''));
    const pairs = alikeCandidates(set, 0.95).reduce((n, c) => n + c.length, 0);
    expect(pairs).toBeLessThan(set.length * (set.length - 1) * 0.2);
  });

  it('pairs texts too short to have character pairs with each other', () => {
    expect(alikeCandidates(['', '项', '项目'], 0.95)).toEqual([[1], [0], []]);
  });
});
