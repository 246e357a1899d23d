import { alignedTables } from '../../grid/aligned-tables.ts';
import type { PageLayout } from '../../grid/page-layout.ts';
import { squash } from '../labels.ts';
import { isFormTitle, isTableTitle } from './heading.ts';

/** What heads a department table: its title (not a form's), or the `单位：万元` line printed over it. */
function startsTable(text: string): boolean {
  const line = squash(text);
  if (/^(?:金额)?单位[:：](万元|元)$/.test(line)) return true;
  return line.length <= 60 && isTableTitle(line) && !isFormTitle(line) && !/[。；;，,]/.test(line);
}

/**
 * The pages with the department tables they print without ruling lines added to their ruled ones, top to bottom,
 * and their lines taken out of the running text. Only under a table's title or unit line, or at the top of a page
 * after a page that ends in one: text set in columns elsewhere (a signature line, a list) is not a table.
 */
export function withUnruledTables(pages: readonly PageLayout[]): PageLayout[] {
  let open: readonly number[] | null = null;
  return pages.map((page) => {
    const { tables, lines } = alignedTables(page.page, page.lines, page.tables.map((t) => t.bbox), startsTable, open);
    const all = [...page.tables, ...tables].sort((a, b) => a.bbox[1] - b.bbox[1]);
    // An unruled table that ends its page may go on at the top of the next, under no heading.
    const last = all[all.length - 1];
    const below = last ? lines.filter((l) => l.bbox[1] > last.bbox[3]) : [];
    open = last && tables.includes(last) && below.every((l) => l.text.length <= 12) ? last.colEdges : null;
    return tables.length ? { ...page, tables: all, lines } : page;
  });
}
