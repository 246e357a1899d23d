import type { ExtractedDocument, FormRecord, NormalizedDocument } from '../../schemas/index.ts';
import { withPageFailures } from '../page-failures.ts';
import { layoutPage } from '../grid/page-layout.ts';
import { readForms } from './read-forms.ts';
import { readProse } from './prose/read-prose.ts';
import { readSubject } from './prose/read-subject.ts';
import { readContents } from './tables/contents.ts';
import { readTables } from './tables/read-tables.ts';
import { withUnruledTables } from './tables/unruled-tables.ts';

/**
 * Extracted pages → the forms they hold, as records with provenance. Pure: same pages, same records. A form
 * beside a page that could not be read says so in its problems.
 */
export function normalizeDocument(doc: ExtractedDocument): FormRecord[] {
  return readDocument(doc).records;
}

/** The forms, department tables and running text of a document, all read from one layout of its pages. */
export function readDocument(doc: ExtractedDocument): NormalizedDocument {
  const pages = doc.pages.map(layoutPage);
  // Department tables may be printed without ruling (forms never are: they are read from ruled grids only).
  const withUnruled = withUnruledTables(pages);
  const subject = readSubject(pages);
  // A table prints its unit, year and stage in its title or not at all; the document's title says them once for all.
  const tables = readTables(withUnruled, doc.fileName, doc.documentId).map((t) => ({
    ...t,
    department: t.department ?? subject.department,
    fiscalYear: t.fiscalYear ?? subject.fiscalYear,
    stage: t.stage ?? subject.stage,
  }));
  return {
    records: withPageFailures(doc, readForms(pages, doc.fileName, doc.documentId)),
    tables,
    contents: readContents(pages),
    prose: readProse(withUnruled),
    subject,
    blankPages: doc.pages.filter(isBlank).map((p) => p.number),
  };
}

/** Nothing to read: no text (of its own or by OCR) and no picture; empty ruling (a table's blank rows run over) may be there. */
const isBlank = (page: ExtractedDocument['pages'][number]): boolean =>
  page.items.length === 0 && page.facts.imageCoverage === 0 && page.facts.imageBoxes.length === 0;
