import type { ExtractedPage, TextItem } from '../../../schemas/index.ts';
import { pageFacts } from '../page-facts.ts';
import { tableFromRows, type SourceRow } from './source-table.ts';

/**
 * What a Word, Excel or web-page file holds, in reading order: paragraphs (a title, a note, a line of 说明) and
 * tables stated cell by cell. `widths` are the table's grid columns in points, where the file gives them.
 */
export type OfficeBlock =
  | { kind: 'text'; text: string }
  | { kind: 'table'; rows: SourceRow[]; widths?: number[] }
  | { kind: 'picture'; part: string }
  /** A picture to OCR, its size in points known (decoded); `picture` is the placement's key. */
  | { kind: 'placed-picture'; part: string; width: number; height: number };

/** Where a picture was laid out: the page it fills and its box there. */
export type PicturePlacement = { page: number; part: string; box: [number, number, number, number] };

const MARGIN = 36;
const FONT = 12;
const LINE = 16;
const A4 = { width: 595, height: 842 };
/** Lines of running text per page where no table comes. */
const LINES_PER_PAGE = 45;

/**
 * Lays the blocks out as pages the readers know: a page per table, with the paragraphs since the table before
 * it printed above it (a form's title, its year, 单位：万元), as in the PDFs these files are published beside.
 * Paragraphs after the last table go under it; a file without tables becomes pages of running text.
 */
export function officePages(blocks: readonly OfficeBlock[]): { pages: ExtractedPage[]; pictures: PicturePlacement[] } {
  const pages: ExtractedPage[] = [];
  const pictures: PicturePlacement[] = [];
  let pending: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'text') {
      const text = block.text.replace(/\s+/g, ' ').trim();
      if (text) pending.push(text);
      continue;
    }
    if (block.kind === 'picture' || (block.kind === 'table' && !block.rows.some((r) => r.cells.length))) continue;
    // A table, or a picture pasted in place of one (OCR reads it later), below the paragraphs since the last one.
    const number = pages.length + 1;
    const top = MARGIN + pending.length * LINE + (pending.length ? LINE / 2 : 0);
    const table = block.kind === 'table' ? tableFromRows(block.rows, number, top, block.widths) : null;
    const picture: PicturePlacement['box'] | undefined = block.kind === 'placed-picture' ? [MARGIN, top, MARGIN + block.width, top + block.height] : undefined;
    const [x0, , x1] = table?.bbox ?? picture!;
    const items = pending.map((text, i) => lineItem(text, MARGIN + i * LINE, (x0 + x1) / 2));
    pending = [];
    pages.push(page(number, items, table, picture));
    if (block.kind === 'placed-picture') pictures.push({ page: number, part: block.part, box: picture! });
  }
  const last = pages.at(-1);
  const lastBox = last?.tables?.[0]?.bbox ?? pictures.find((p) => p.page === last?.number)?.box;
  if (pending.length && last && lastBox) {
    // Notes under the last table ("填报说明", "注：…") stay on its page, below it.
    const bottom = lastBox[3] + LINE / 2;
    const centre = (lastBox[0] + lastBox[2]) / 2;
    const items = [...last.items, ...pending.map((text, i) => lineItem(text, bottom + i * LINE, centre))];
    pages[pages.length - 1] = page(last.number, items, last.tables?.[0] ?? null, last.tables ? undefined : lastBox);
  } else {
    for (let i = 0; i < pending.length; i += LINES_PER_PAGE) {
      const items = pending.slice(i, i + LINES_PER_PAGE).map((text, k) => lineItem(text, MARGIN + k * LINE, A4.width / 2));
      pages.push(page(pages.length + 1, items, null));
    }
  }
  return { pages, pictures };
}

/** A laid-out page: with a table the file states, or with a picture's box (its tables then come from OCR). */
function page(number: number, items: TextItem[], table: NonNullable<ExtractedPage['tables']>[number] | null, picture?: PicturePlacement['box']): ExtractedPage {
  const box = table?.bbox ?? picture;
  const right = Math.max(A4.width, ...items.map((i) => i.bbox[2] + MARGIN), box ? box[2] + MARGIN : 0);
  const bottom = Math.max(A4.height, ...items.map((i) => i.bbox[3] + MARGIN), box ? box[3] + MARGIN : 0);
  const shifted = items.map((i) => (i.bbox[0] < MARGIN ? { ...i, bbox: [MARGIN, i.bbox[1], MARGIN + i.bbox[2] - i.bbox[0], i.bbox[3]] as TextItem['bbox'] } : i));
  return {
    number, width: right, height: bottom, items: shifted, rules: [],
    facts: pageFacts(shifted, picture ? [picture] : [], false, right, bottom),
    ocr: null,
    ...(picture ? {} : { tables: table ? [table] : [] }),
  };
}

/** A paragraph as one line of text centred on `centre`, about as wide as its characters. */
function lineItem(text: string, top: number, centre: number): TextItem {
  const width = [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? FONT / 2 : FONT), 0);
  return { text, bbox: [centre - width / 2, top, centre + width / 2, top + FONT], fontSize: FONT, source: 'structure', confidence: 1 };
}
