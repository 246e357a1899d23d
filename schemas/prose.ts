import { z } from 'zod';
import { BBox } from './geometry.ts';

/** A part of a sentence on one page: the lines it was read from, for evidence. */
export const ProseSpan = z.object({ page: z.int().positive(), bbox: BBox });
export type ProseSpan = z.infer<typeof ProseSpan>;

/**
 * An amount or a percentage quoted in the 说明, with the words before it in its clause (`本年收入合计`, `比上年增加`).
 * `at` is where it starts in the sentence's text, so checks can tell what comes before and after it.
 */
export const QuotedFigure = z.object({
  printed: z.string(),
  value: z.number(),
  unit: z.enum(['元', '万元', '亿元', '%']),
  /** Decimals printed: the figure stands for value ± half a unit of the last digit. */
  decimals: z.int().nonnegative(),
  label: z.string(),
  at: z.int().nonnegative(),
});
export type QuotedFigure = z.infer<typeof QuotedFigure>;

/**
 * One sentence of running text outside the tables (说明, 概况, notes), whitespace removed, with where it is printed
 * and the figures it quotes. `paragraph` counts paragraphs from the document's start: a heading is one.
 */
export const ProseSentence = z.object({
  text: z.string(),
  paragraph: z.int().nonnegative(),
  spans: z.array(ProseSpan).min(1),
  figures: z.array(QuotedFigure),
});
export type ProseSentence = z.infer<typeof ProseSentence>;

/** What the document says it is, from its title lines: `上海市普陀区财政局2024年度部门决算`. */
export const DocumentSubject = z.object({
  department: z.string().nullable(),
  fiscalYear: z.int().nullable(),
  stage: z.enum(['budget', 'final_accounts']).nullable(),
});
export type DocumentSubject = z.infer<typeof DocumentSubject>;
