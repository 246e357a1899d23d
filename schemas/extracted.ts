import { z } from 'zod';
import { BBox, TextSource } from './geometry.ts';
import { DocumentId } from './document.ts';
import { Table } from './table.ts';

/** One run of text as the PDF (or OCR) gave it, with its box. Runs are often split mid-word: `9` `.` `00`. */
export const TextItem = z.object({
  text: z.string(),
  bbox: BBox,
  fontSize: z.number().nonnegative(),
  source: TextSource,
  confidence: z.number().min(0).max(1),
  /** OCR only: the text as read with one doubtful digit taken as the engine's runner-up (`86.5` for `36.5`). */
  alternatives: z.array(z.string()).optional(),
});
export type TextItem = z.infer<typeof TextItem>;

/** A ruling line of a table: horizontal (`at` = y, from/to = x) or vertical (`at` = x, from/to = y). */
export const Rule = z.object({
  axis: z.enum(['h', 'v']),
  at: z.number(),
  from: z.number(),
  to: z.number(),
});
export type Rule = z.infer<typeof Rule>;

/** What a page is made of; the OCR decision reads these. */
export const PageFacts = z.object({
  /** Non-blank characters in the text layer. */
  textChars: z.int().nonnegative(),
  /** Share of text-layer characters that are private-use, replacement or control characters. */
  garbageRatio: z.number().min(0).max(1),
  /** Share of text-layer characters that are CJK ideographs. */
  cjkRatio: z.number().min(0).max(1),
  /** Share of the page area covered by painted images (union approximated by the largest image). */
  imageCoverage: z.number().min(0).max(1),
  /** Boxes of images that cover more than a few percent of the page. */
  imageBoxes: z.array(BBox),
  /** Text drawn in rendering mode 3 (invisible), as OCR layers of scanned PDFs are. */
  invisibleText: z.boolean(),
});
export type PageFacts = z.infer<typeof PageFacts>;

/** How a page was read by OCR, when it was: why, with what, how many cells, skew and turn corrected, the time. */
export const PageOcr = z.object({
  reason: z.enum(['no-text', 'garbage-text', 'invisible-text', 'pasted-image']),
  engine: z.string(),
  cells: z.int().nonnegative(),
  skew: z.number(),
  /** Degrees (clockwise) the page was turned to read a form printed sideways; boxes are in the turned frame. */
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  ms: z.number().nonnegative(),
});
export type PageOcr = z.infer<typeof PageOcr>;

export const ExtractedPage = z.object({
  number: z.int().positive(),
  width: z.number().positive(),
  height: z.number().positive(),
  items: z.array(TextItem),
  rules: z.array(Rule),
  /** Facts of the PDF's own layers, before any OCR. */
  facts: PageFacts,
  ocr: PageOcr.nullable(),
  /**
   * Tables the file itself states cell by cell (Word, Excel, web pages): taken as they are, where a PDF's are
   * rebuilt from its ruling lines. `items` then holds only the text outside them (titles, notes, paragraphs).
   */
  tables: z.array(Table).optional(),
});
export type ExtractedPage = z.infer<typeof ExtractedPage>;

export const ExtractedDocument = z.object({
  documentId: DocumentId,
  fileName: z.string(),
  pageCount: z.int().nonnegative(),
  pages: z.array(ExtractedPage),
  /**
   * Pages that could not be read, or not wholly (a picture too large to decode left out), with the reason; the
   * rest of the document still goes on. A page listed here may still be in `pages` with what could be read.
   */
  pageErrors: z.array(z.object({ page: z.int().positive(), error: z.string() })),
  /** Pages never opened: past the page limit of a document (a page-count bomb or a huge compilation). */
  pagesNotRead: z.object({ from: z.int().positive(), to: z.int().positive(), reason: z.string() }).nullable().default(null),
});
export type ExtractedDocument = z.infer<typeof ExtractedDocument>;
