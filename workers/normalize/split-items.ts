import type { Rule, TextItem } from '../../schemas/index.ts';
import { isWide } from './text-lines.ts';

/**
 * Splits text runs that cross a vertical rule. pdf.js merges neighbouring runs into one item when the
 * gap is small (`"96.40% 9.64"` across a cell border); character positions are estimated from widths
 * (CJK one em, others about half), which is exact enough to land on the right side of a rule.
 */
export function splitAtRules(items: TextItem[], verticals: Rule[]): TextItem[] {
  return items.flatMap((item) => splitItem(item, verticals));
}

function splitItem(item: TextItem, verticals: Rule[]): TextItem[] {
  const [x0, y0, x1, y1] = item.bbox;
  const margin = Math.max(item.fontSize, 1) * 0.3;
  const yc = (y0 + y1) / 2;
  const cut = verticals.find((v) => v.at > x0 + margin && v.at < x1 - margin && v.from <= yc && v.to >= yc);
  if (!cut || [...item.text].length < 2) return [item];
  const chars = [...item.text];
  const weights = chars.map((ch) => (isWide(ch) ? 1 : ch === ' ' ? 0.3 : 0.55));
  const total = weights.reduce((s, w) => s + w, 0);
  const widthOf = (k: number) => (weights[k]! / total) * (x1 - x0);
  // A character goes left of the rule when its estimated centre is.
  let acc = x0, k = 0;
  while (k < chars.length && acc + widthOf(k) / 2 <= cut.at) acc += widthOf(k++);
  const left = chars.slice(0, k).join(''), right = chars.slice(k).join('');
  if (!left.trim() || !right.trim()) return [item];
  return [
    ...splitItem({ ...item, text: left.trimEnd(), bbox: [x0, y0, Math.min(acc, cut.at), y1] }, verticals),
    ...splitItem({ ...item, text: right.trimStart(), bbox: [Math.max(acc, cut.at), y0, x1, y1] }, verticals),
  ];
}
