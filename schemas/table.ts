import { z } from 'zod';
import { BBox, TextSource } from './geometry.ts';

/** A cell of a rebuilt table; merged cells span several grid rows/columns. */
export const Cell = z.object({
  row: z.int().nonnegative(),
  col: z.int().nonnegative(),
  rowSpan: z.int().positive(),
  colSpan: z.int().positive(),
  bbox: BBox,
  /** Text in reading order, lines joined without breaks; spaces kept where printed between words or numbers. */
  text: z.string(),
  source: TextSource,
  confidence: z.number().min(0).max(1),
  /** Other readings of the cell's text, each from one OCR'd digit read as its runner-up; the form's arithmetic may choose. */
  alternatives: z.array(z.string()).optional(),
  /** The cell's address in the file it was read from, for files without pages (see Provenance.ref). */
  ref: z.string().optional(),
  /** What a workbook stores under the printed text, when it differs from it (0.69 under `69.00%`, 1234.5 under `1,234.50`). */
  value: z.union([z.number(), z.boolean()]).optional(),
});
export type Cell = z.infer<typeof Cell>;

/** A ruled table on one page: the grid edges and the cells, row-major. */
export const Table = z.object({
  page: z.int().positive(),
  bbox: BBox,
  rowEdges: z.array(z.number()),
  colEdges: z.array(z.number()),
  cells: z.array(Cell),
});
export type Table = z.infer<typeof Table>;
