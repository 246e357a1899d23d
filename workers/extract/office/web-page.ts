import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { PermanentError } from '../../errors.ts';
import { decodeHtml } from './decode-html.ts';
import type { OfficeBlock } from './office-pages.ts';
import { cellText, type SourceCell, type SourceRow } from './source-table.ts';

/** Elements that start a new line of text, as a browser lays them out. */
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'center', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'tr', 'dt', 'dd', 'hr', 'caption', 'form', 'main', 'nav', 'aside', 'address', 'figure', 'figcaption']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'select', 'option', 'button', 'iframe', 'svg', 'object']);
/** Points per CSS pixel, for `<col width>` and cell widths. */
const POINTS_PER_PIXEL = 0.75;

/**
 * The paragraphs and tables of a web page (decoded as a browser would: Content-Type charset, BOM, `<meta>`, else
 * UTF-8 or GB18030). A data table's cells take `colspan`/`rowspan` (`rowspan="0"`: to the table's end); a table
 * holding tables is page layout, and what its cells hold is read as the page's flow. Hidden elements
 * (`display:none`, `hidden`), scripts and styles are not text. `ref` counts tables, rows and cells from 1. A page
 * without a table throws PermanentError.
 */
export function webPageBlocks(bytes: Uint8Array, contentType: string | null = null): OfficeBlock[] {
  const $ = load(decodeHtml(bytes, contentType).text);
  const blocks: OfficeBlock[] = [];
  let line = '';
  let tables = 0;
  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ kind: 'text', text });
    line = '';
  };
  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      line += (node as unknown as { data: string }).data;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node as Element;
    const name = el.name?.toLowerCase();
    if (name && (SKIP.has(name) || hidden(el))) return;
    if (name === 'table' && !hasTableInside(el)) {
      flush();
      // A <caption> is the table's title, printed above it.
      for (const caption of childrenNamed(el, ['caption'])) {
        const text = cellText(textLines(caption)).replace(/\s+/g, ' ').trim();
        if (text) blocks.push({ kind: 'text', text });
      }
      blocks.push(dataTable(el, ++tables));
      return;
    }
    const block = name ? BLOCK.has(name) || name === 'td' || name === 'th' : false;
    if (block) flush();
    for (const child of el.children) visit(child);
    if (block) flush();
  };
  visit($.root()[0]!);
  flush();
  // Forms and department tables are tables: a page without one is a portal's answer (a missing file, a login),
  // not a disclosure, and is said to be so rather than read as a document without forms.
  if (!blocks.some((b) => b.kind === 'table')) {
    const title = $('title').first().text().replace(/\s+/g, ' ').trim().slice(0, 80) || blocks.find((b) => b.kind === 'text')?.text.slice(0, 80) || '';
    throw new PermanentError(`a web page without a table${title ? ` ("${title}")` : ''}: no forms or department tables to read (a portal's error or login page?)`);
  }
  return blocks;
}

function dataTable(table: Element, index: number): OfficeBlock {
  const rows: SourceRow[] = [];
  const widths: number[] = [];
  for (const col of childrenNamed(table, ['colgroup']).flatMap((g) => childrenNamed(g, ['col'])).concat(childrenNamed(table, ['col']))) {
    const span = Math.max(1, Number(col.attribs.span) || 1);
    for (let k = 0; k < span; k++) widths.push(px(col.attribs.width) * POINTS_PER_PIXEL);
  }
  const sections = childrenNamed(table, ['thead', 'tbody', 'tfoot']);
  // A table's own rows in document order: directly under it or under its row groups (never a nested table's).
  const trs = (sections.length ? table.children.flatMap((c) => (isTag(c, 'tr') ? [c as Element] : isTag(c, 'thead', 'tbody', 'tfoot') ? childrenNamed(c as Element, ['tr']) : [])) : childrenNamed(table, ['tr']));
  trs.forEach((tr, r) => {
    const cells: SourceCell[] = childrenNamed(tr, ['td', 'th']).filter((td) => !hidden(td)).map((td, c) => ({
      text: cellText(textLines(td)),
      colSpan: Math.max(1, Math.min(1000, Number(td.attribs.colspan) || 1)),
      rowSpan: td.attribs.rowspan === '0' ? 0 : Math.max(1, Math.min(65534, Number(td.attribs.rowspan) || 1)),
      ref: `table ${index}, row ${r + 1}, cell ${c + 1}`,
    }));
    rows.push({ cells });
  });
  return { kind: 'table', rows, widths: widths.some((w) => w > 0) ? widths : [] };
}

/** A cell's text as lines: `<br>` and block elements break them. */
function textLines(el: Element): string[] {
  const lines: string[] = [];
  let line = '';
  const walk = (node: AnyNode) => {
    if (node.type === 'text') line += (node as unknown as { data: string }).data;
    if (node.type !== 'tag') return;
    const child = node as Element;
    const name = child.name.toLowerCase();
    if (SKIP.has(name) || hidden(child)) return;
    const block = BLOCK.has(name);
    if (block) { lines.push(line); line = ''; }
    for (const c of child.children) walk(c);
    if (block) { lines.push(line); line = ''; }
  };
  for (const c of el.children) walk(c);
  lines.push(line);
  return lines;
}

function hasTableInside(table: Element): boolean {
  const stack = [...table.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if ((node as Element).name.toLowerCase() === 'table') return true;
    stack.push(...(node as Element).children);
  }
  return false;
}

const isTag = (node: AnyNode, ...names: string[]): boolean => node.type === 'tag' && names.includes((node as Element).name.toLowerCase());
const childrenNamed = (el: Element, names: string[]): Element[] => el.children.filter((c) => isTag(c, ...names)) as Element[];
const hidden = (el: Element): boolean => el.attribs?.hidden !== undefined || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.attribs?.style ?? '');
const px = (value: string | undefined): number => (value && /^\s*\d+(\.\d+)?\s*(px)?\s*$/.test(value) ? Number.parseFloat(value) : 0);
