import type { QuotedFigure } from '../../../schemas/index.ts';

/**
 * Amounts (`2,995.39万元`, `1000元`, `3.2亿元`) and percentages (`99.79%`) as the 说明 prints them. A number glued
 * to a preceding digit or dot is part of something else (a date, a code).
 */
const FIGURE = /(?<![\d.,])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(亿元|万元|元|%|％)/g;
/** Where a figure's label starts: after the clause's punctuation. Parentheses stay inside labels (`一般公共服务支出（类）`). */
const CLAUSE_BREAK = /[，,；;：:。！？、]/;
/** Verbs that join a label to its figure and say nothing of what it is. */
const LINK = /(为|是|达到|达|约|共计|共)$/;

/** The figures a sentence quotes, each with the words of its clause before it. */
export function quotedFigures(sentence: string): QuotedFigure[] {
  const out: QuotedFigure[] = [];
  let previousEnd = 0;
  for (const match of sentence.matchAll(FIGURE)) {
    const at = match.index;
    let start = at;
    while (start > previousEnd && !CLAUSE_BREAK.test(sentence[start - 1]!)) start--;
    const number = match[1]!;
    const unit = match[2] === '％' ? '%' : (match[2] as QuotedFigure['unit']);
    out.push({
      printed: match[0],
      value: Number(number.replace(/,/g, '')),
      unit,
      decimals: number.includes('.') ? number.split('.')[1]!.length : 0,
      label: sentence.slice(start, at).replace(LINK, ''),
      at,
    });
    previousEnd = at + match[0].length;
  }
  return out;
}
