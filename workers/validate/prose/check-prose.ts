import type { DepartmentTable, DocumentSubject, Finding, ProseSentence } from '../../../schemas/index.ts';
import { checkProseArithmetic } from './prose-arithmetic.ts';
import { checkProseAgainstTables } from './prose-tables.ts';
import { checkProseYears } from './prose-years.ts';

/** What the document's running text says, checked: its own arithmetic, its figures against the tables, its years. */
export type ProseInput = {
  sentences: readonly ProseSentence[];
  subject: DocumentSubject;
  tables: readonly DepartmentTable[];
  blankPages: readonly number[];
};

/**
 * The document's findings about its prose (I8.prose.*): they belong to the document, not to one table. Blank
 * pages are reported too: a page left in by mistake, or one whose content was lost.
 */
export function checkProse({ sentences, subject, tables, blankPages }: ProseInput): Finding[] {
  return [
    ...checkProseArithmetic(sentences, subject.fiscalYear, subject.stage),
    ...checkProseAgainstTables(sentences, tables, subject),
    ...checkProseYears(sentences, subject),
    ...blankPages.map((page): Finding => ({
      code: 'I8.prose.blank-page', kind: 'check', status: 'fail', severity: 'warning',
      message: `p.${page} is blank: no text and no picture (at most empty ruling)`,
      expected: null, printed: null, evidence: [{ field: 'page', page, bbox: null, printed: null }],
    })),
  ];
}
