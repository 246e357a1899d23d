import { z } from 'zod';

/**
 * A box on a page in PDF points, origin at the top-left of the page as displayed (after /Rotate),
 * y growing downwards: `[x0, y0, x1, y1]` with x0 ≤ x1 and y0 ≤ y1.
 */
export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type BBox = z.infer<typeof BBox>;

/**
 * Where a piece of text came from: the PDF's own text layer, OCR of a rendered page or picture, or the structure
 * of a Word, Excel or web-page file (its table cells and paragraphs, read as stored).
 */
export const TextSource = z.enum(['text-layer', 'ocr', 'structure']);
export type TextSource = z.infer<typeof TextSource>;

/** Page, box, origin and confidence of one extracted value: what a reviewer needs to find it again. */
export const Provenance = z.object({
  page: z.int().positive(),
  bbox: BBox,
  source: TextSource,
  /** 1 for the text layer; the OCR engine's confidence (0–1) otherwise. */
  confidence: z.number().min(0).max(1),
  /**
   * Where to find the value in a file without pages: `Sheet1!C14` in a workbook, `table 3, row 5, cell 2` in a
   * Word file or web page (counted from 1). `page` and `bbox` are then those of the laid-out table.
   */
  ref: z.string().optional(),
});
export type Provenance = z.infer<typeof Provenance>;
