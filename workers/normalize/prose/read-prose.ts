import type { ProseSentence, ProseSpan } from '../../../schemas/index.ts';
import type { PageLayout } from '../../grid/page-layout.ts';
import { unionBox, type TextLine } from '../../grid/text-lines.ts';
import { quotedFigures } from './quoted-figures.ts';

/** Headings and list items start a paragraph of their own: 第三部分, 一、, （一）, 1、, (1). */
const ENUMERATOR = /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))/;
/** A page number or running footer alone on its line: `- 3 -`, `第 3 页`, `3`. */
const PAGE_NUMBER = /^[-—–\s]*(第\s*)?\d+(\s*页)?(\s*\/\s*\d+)?[-—–\s]*$/;
const SENTENCE_END = /[。！？!?]/;

type Piece = { text: string; page: number; line: TextLine };

/**
 * The running text of a document (the lines outside its tables) as sentences. Lines are joined into paragraphs
 * across line and page breaks: a paragraph ends where a line stops short of the page's right margin or ends a
 * sentence, and a heading or list item starts a new one. Whitespace is dropped: Chinese prose has none, and text
 * layers put spaces inside figures (`9, 483.72`) and around years (`2024 年度`).
 */
export function readProse(pages: readonly PageLayout[]): ProseSentence[] {
  const paragraphs: Piece[][] = [];
  let open = false;
  for (const page of pages) {
    const lines = page.lines.filter((l) => !PAGE_NUMBER.test(l.text));
    const [left, right] = margins(lines);
    for (const line of lines) {
      const text = line.text.normalize('NFKC').replace(/\s+/g, '');
      if (!text) continue;
      const height = line.bbox[3] - line.bbox[1];
      const indented = line.bbox[0] > left + 0.8 * height;
      if (!open || indented || ENUMERATOR.test(text)) paragraphs.push([]);
      paragraphs[paragraphs.length - 1]!.push({ text, page: page.page, line });
      // Unjustified CJK lines stop up to a few characters short of the margin; a last line stops shorter.
      const short = right - line.bbox[2];
      open = short < 4 * height && !(SENTENCE_END.test(text.slice(-1)) && short > 1.5 * height);
    }
  }
  return paragraphs.flatMap((pieces, paragraph) => sentencesOf(pieces, paragraph));
}

/** Where full lines start and end on a page: the leftmost start and rightmost end of its longer lines. */
function margins(lines: readonly TextLine[]): [number, number] {
  const long = lines.filter((l) => l.text.length >= 10);
  return long.length ? [Math.min(...long.map((l) => l.bbox[0])), Math.max(...long.map((l) => l.bbox[2]))] : [-Infinity, Infinity];
}

function sentencesOf(pieces: readonly Piece[], paragraph: number): ProseSentence[] {
  const text = pieces.map((p) => p.text).join('');
  const owner: number[] = pieces.flatMap((p, i) => [...p.text].map(() => i));
  const chars = [...text];
  const out: ProseSentence[] = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i < chars.length && !SENTENCE_END.test(chars[i]!)) continue;
    const end = Math.min(i + 1, chars.length);
    const sentence = chars.slice(start, end).join('');
    if (sentence.replace(SENTENCE_END, '')) {
      out.push({ text: sentence, paragraph, spans: spansOf(pieces, owner.slice(start, end)), figures: quotedFigures(sentence) });
    }
    start = end;
  }
  return out;
}

/** The lines a sentence was read from, one box per page. */
function spansOf(pieces: readonly Piece[], owners: readonly number[]): ProseSpan[] {
  const used = [...new Set(owners)].map((i) => pieces[i]!);
  const pages = [...new Set(used.map((p) => p.page))];
  return pages.map((page) => ({ page, bbox: unionBox(used.filter((p) => p.page === page).map((p) => p.line.bbox)) }));
}
