import type { Rule, TextItem } from '../../schemas/index.ts';
import { isWide } from './text-lines.ts';

/**
 * Splits text runs that cross a vertical rule. pdf.js merges neighbouring runs into one item when the
 * gap is small (`"96.40% 9.64"` across a cell border); character positions are estimated from widths
 * (CJK one em, others about half), which is exact enough to land on the right side of a rule.
 */
export function splitAtRules(items: TextItem[], verticals: Rule[]): TextItem[] {
  return items.flatMap((item) => splitItem(item, verticals.filter((v) => !overflows(item, v, items))));
}

/**
 * Text too long for its cell runs on past the cell's rule, where the next cell's own text is printed over
 * it (a clipped `一般性支出情况` under `一般性支出情况` of the next column): that run is one cell's text, not
 * two cells glued, so it is not cut there. Glued runs have no other text starting in their second half.
 */
function overflows(item: TextItem, rule: Rule, items: TextItem[]): boolean {
  const [x0, y0, x1, y1] = item.bbox;
  if (rule.at <= x0 || rule.at >= x1) return false;
  return items.some((other) => other !== item && other.bbox[0] >= rule.at - 1 && other.bbox[0] < x1
    && Math.min(y1, other.bbox[3]) - Math.max(y0, other.bbox[1]) > 0.5 * Math.min(y1 - y0, other.bbox[3] - other.bbox[1]));
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
