import type { ExtractedDocument, FormRecord, Problem } from '../schemas/index.ts';

type Failures = Pick<ExtractedDocument, 'pageCount' | 'pageErrors' | 'pagesNotRead'>;

/**
 * What the document's status says about pages that could not be read: how many, and which and why, in one
 * line a reviewer can act on (`2 of 40 pages not read: p. 12 page too large to read by OCR …; p. 13 …`).
 */
export function pageFailures(doc: Failures): { pagesFailed: number; note: string | null } {
  const pages = new Set(doc.pageErrors.map((e) => e.page));
  const beyond = doc.pagesNotRead ? doc.pagesNotRead.to - doc.pagesNotRead.from + 1 : 0;
  const pagesFailed = pages.size + beyond;
  if (pagesFailed === 0) return { pagesFailed, note: null };
  const shown = doc.pageErrors.slice(0, 3).map((e) => `p. ${e.page} ${e.error.split('\n')[0]}`);
  if (doc.pageErrors.length > 3) shown.push(`${doc.pageErrors.length - 3} more`);
  if (doc.pagesNotRead) shown.push(`pp. ${doc.pagesNotRead.from}–${doc.pagesNotRead.to} ${doc.pagesNotRead.reason}`);
  return { pagesFailed, note: `${pagesFailed} of ${doc.pageCount} pages not read: ${shown.join('; ')}` };
}

/**
 * Problems for a form from the failed pages it touches: one of its own pages, or the page just before or after
 * it, where the form may have begun or gone on. The form is kept as read; the problem says it may be incomplete.
 */
export function pageFailureProblems(doc: Failures, pages: readonly number[]): Problem[] {
  const first = Math.min(...pages), last = Math.max(...pages);
  const touches = (page: number) => page >= first - 1 && page <= last + 1;
  const problems: Problem[] = doc.pageErrors.filter((e) => touches(e.page)).map((e) => ({
    code: 'page-not-read',
    message: `page ${e.page} could not be read (${e.error.split('\n')[0]}): this form may be incomplete`,
    field: null,
    page: e.page,
  }));
  if (doc.pagesNotRead && touches(doc.pagesNotRead.from)) {
    problems.push({
      code: 'page-not-read', field: null, page: doc.pagesNotRead.from,
      message: `pages ${doc.pagesNotRead.from}–${doc.pagesNotRead.to} were not read (${doc.pagesNotRead.reason}): this form may go on there`,
    });
  }
  return problems;
}

/** The records with the problems of the failed pages they touch added. */
export const withPageFailures = (doc: Failures, records: FormRecord[]): FormRecord[] =>
  records.map((r) => {
    const extra = pageFailureProblems(doc, r.source.pages.length ? r.source.pages : [r.source.page]);
    return extra.length ? { ...r, problems: [...r.problems, ...extra] } : r;
  });
