import { SaxesParser } from 'saxes';
import { PermanentError } from '../../errors.ts';
import type { OfficeBlock } from './office-pages.ts';
import { cellText, type SourceCell, type SourceRow } from './source-table.ts';
import { zipEntries } from './zip-entries.ts';

const TWIPS_PER_POINT = 20;
/** The Symbol font's codes that forms use, as Unicode: comparators, ±, ×, ÷, √, °. */
const SYMBOL_FONT: Record<number, string> = { 0xa3: '≤', 0xb3: '≥', 0xb9: '≠', 0xb1: '±', 0xb4: '×', 0xb8: '÷', 0xd6: '√', 0xb0: '°', 0xbb: '≈' };

type TableState = { rows: SourceRow[]; widths: number[]; row: RowState | null; nested: OfficeBlock[]; index: number; vertical: Map<number, SourceCell> };
type RowState = { cells: SourceCell[]; skip: number; col: number; cell: CellState | null; index: number };
type CellState = { span: number; merge: 'restart' | 'continue' | null; lines: string[]; line: string };

/**
 * The paragraphs and tables of a .docx, in order, from `word/document.xml` read as a stream: cells with
 * `w:gridSpan` (columns) and `w:vMerge` (rows: a `continue` cell is the one above it, grown a row), rows starting
 * `w:gridBefore` grid columns in; a header row Word repeats on every printed page is stored once and read once.
 * A table inside a cell comes after the table holding it, as a table of its own. Deleted and moved-away text
 * (tracked changes) and field codes are not text; a Symbol-font character (`w:sym`, ≥ as F0B3) is its Unicode one; tabs are spaces; line breaks end a cell's line. Pictures (PNG, JPEG, EMF…) are
 * blocks of their own for OCR; `ref` counts tables, rows and cells from 1.
 */
export function wordBlocks(bytes: Uint8Array): { blocks: OfficeBlock[]; pictures: Map<string, Uint8Array> } {
  const parts = zipEntries(bytes, (name) => name === 'word/document.xml' || name === 'word/_rels/document.xml.rels' || name.startsWith('word/media/'));
  const xml = parts.get('word/document.xml');
  if (!xml) throw new PermanentError('a Word file without its document part (word/document.xml)');
  const targets = relationships(parts.get('word/_rels/document.xml.rels'));
  const blocks: OfficeBlock[] = [];
  const tables: TableState[] = [];
  let tableCount = 0;
  let paragraph: string | null = null;
  /** Paragraphs open, outside tables and inside them alike (a table's cells hold paragraphs of their own). */
  let depth = 0;
  let inText = false, skipText = 0;
  const cell = () => tables.at(-1)?.row?.cell ?? null;
  const emit = (block: OfficeBlock) => {
    const outer = tables.at(-1);
    if (outer) outer.nested.push(block);
    else blocks.push(block);
  };
  const append = (text: string) => {
    const c = cell();
    if (c) c.line += text;
    else if (paragraph !== null) paragraph += text;
  };
  const parser = new SaxesParser({ xmlns: false });
  // What a consumer of Word 2010+ markup reads is the mc:Choice; the mc:Fallback repeats it for older readers.
  let fallback = 0;
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'mc:Fallback') fallback++;
    if (fallback) return;
    switch (tag.name) {
      case 'w:tbl':
        tables.push({ rows: [], widths: [], row: null, nested: [], index: ++tableCount, vertical: new Map() });
        break;
      case 'w:gridCol':
        tables.at(-1)?.widths.push(Number(a['w:w'] ?? 0) / TWIPS_PER_POINT);
        break;
      case 'w:tr': {
        const t = tables.at(-1);
        if (t) t.row = { cells: [], skip: 0, col: 0, cell: null, index: t.rows.length + 1 };
        break;
      }
      case 'w:gridBefore': {
        const row = tables.at(-1)?.row;
        if (row && !row.cell) row.col = row.skip = Number(a['w:val'] ?? 0) || 0;
        break;
      }
      case 'w:tc': {
        const row = tables.at(-1)?.row;
        if (row) row.cell = { span: 1, merge: null, lines: [], line: '' };
        break;
      }
      case 'w:gridSpan': {
        const c = cell();
        if (c) c.span = Math.max(1, Number(a['w:val'] ?? 1) || 1);
        break;
      }
      case 'w:vMerge': {
        const c = cell();
        if (c) c.merge = a['w:val'] === 'restart' ? 'restart' : 'continue';
        break;
      }
      case 'w:p':
        // A text box's paragraphs sit inside the paragraph anchoring it: they continue that paragraph's text.
        if (depth++ === 0 && !cell()) paragraph = '';
        break;
      case 'w:t':
        inText = true;
        break;
      case 'w:delText': case 'w:instrText': case 'w:del': case 'w:moveFrom':
        skipText++;
        break;
      case 'w:sym': {
        // A character set in the Symbol font (≥ entered as F0B3): its Unicode equivalent.
        const ch = /symbol/i.test(a['w:font'] ?? '') ? SYMBOL_FONT[Number.parseInt(a['w:char'] ?? '', 16) & 0xff] : undefined;
        if (ch && !skipText) append(ch);
        break;
      }
      case 'w:tab':
        if (!skipText) append(' ');
        break;
      case 'w:br': case 'w:cr': {
        const c = cell();
        if (c) { c.lines.push(c.line); c.line = ''; }
        else if (paragraph !== null) paragraph += ' ';
        break;
      }
      case 'a:blip': case 'v:imagedata': {
        const id = a['r:embed'] ?? a['r:id'];
        const part = id ? targets.get(id) : undefined;
        if (part) emit({ kind: 'picture', part });
        break;
      }
    }
  });
  parser.on('text', (text) => {
    if (inText && !skipText && !fallback) append(text);
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'mc:Fallback') fallback--;
    if (fallback) return;
    switch (tag.name) {
      case 'w:t':
        inText = false;
        break;
      case 'w:delText': case 'w:instrText': case 'w:del': case 'w:moveFrom':
        skipText--;
        break;
      case 'w:p': {
        const c = cell();
        depth = Math.max(0, depth - 1);
        if (c) { c.lines.push(c.line); c.line = ''; }
        else if (paragraph !== null && depth > 0) paragraph += ' ';
        else if (paragraph !== null) {
          emit({ kind: 'text', text: paragraph });
          paragraph = null;
        }
        break;
      }
      case 'w:tc': {
        const t = tables.at(-1), row = t?.row, c = row?.cell;
        if (!t || !row || !c) break;
        const at = row.col;
        row.col += c.span;
        row.cell = null;
        const above = t.vertical.get(at);
        if (c.merge === 'continue' && above) {
          above.rowSpan++;
          break;
        }
        const source: SourceCell = { text: cellText(c.lines), colSpan: c.span, rowSpan: 1, ref: `table ${t.index}, row ${row.index}, cell ${row.cells.length + 1}` };
        if (c.merge === 'restart') t.vertical.set(at, source);
        else t.vertical.delete(at);
        row.cells.push(source);
        break;
      }
      case 'w:tr': {
        const t = tables.at(-1);
        if (t?.row) t.rows.push({ cells: t.row.cells, skip: t.row.skip });
        if (t) t.row = null;
        break;
      }
      case 'w:tbl': {
        const t = tables.pop();
        if (!t) break;
        emit({ kind: 'table', rows: t.rows, widths: t.widths });
        for (const block of t.nested) emit(block);
        break;
      }
    }
  });
  try {
    parser.write(new TextDecoder('utf-8').decode(xml)).close();
  } catch (error) {
    throw new PermanentError(`damaged Word document XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pictures = new Map([...parts].filter(([name]) => name.startsWith('word/media/')));
  return { blocks, pictures };
}

/** Relationship ids → the parts they point at, as paths inside the archive. */
function relationships(xml: Uint8Array | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') {
      map.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `word/${a.Target}`);
    }
  });
  parser.write(new TextDecoder('utf-8').decode(xml)).close();
  return map;
}
