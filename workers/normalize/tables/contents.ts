import type { ContentsEntry } from '../../../schemas/index.ts';
import type { PageLayout } from '../../grid/page-layout.ts';
import { isFormTitle, isTableTitle } from './heading.ts';
import { squash } from '../labels.ts';

/** An entry's numbering and its page number: `三、支出决算表 …… 10` → `支出决算表`. */
const ENUMERATOR = /^(?:[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])/;
const LEADER = /[.·…_\-—]*\d*$/;

/**
 * The department tables a document's own contents page (目录) lists: the lines that name a table, on the page
 * headed 目录 and the pages after it while they go on listing. Part headings (第二部分 …部门决算表) are not entries.
 */
export function readContents(pages: readonly PageLayout[]): ContentsEntry[] {
  const start = pages.findIndex((p) => p.lines.some((l) => squash(l.text) === '目录'));
  if (start < 0) return [];
  const entries: ContentsEntry[] = [];
  for (const page of pages.slice(start, start + 3)) {
    const listed = page.lines.map((l) => ({ text: squash(l.text), bbox: l.bbox })).filter(({ text }) => ENUMERATOR.test(text) || /^第.+部分/.test(text));
    if (page !== pages[start] && listed.length < page.lines.length / 2) break;
    for (const { text, bbox } of listed) {
      const title = text.replace(ENUMERATOR, '').replace(LEADER, '');
      // 部门预算表 / 部门决算表 alone heads the part that lists the tables.
      if (/^第.+部分/.test(text) || /^(部门)?(预算|决算)表$/.test(title) || !isTableTitle(title) || isFormTitle(title)) continue;
      entries.push({ title, page: page.page, bbox });
    }
  }
  return entries;
}
