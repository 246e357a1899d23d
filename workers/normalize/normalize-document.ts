import type { ExtractedDocument, FormRecord, NormalizedDocument } from '../../schemas/index.ts';
import { withPageFailures } from '../page-failures.ts';
import { layoutPage } from '../grid/page-layout.ts';
import { readForms } from './read-forms.ts';
import { readContents } from './tables/contents.ts';
import { readTables } from './tables/read-tables.ts';

/**
 * Extracted pages → the forms they hold, as records with provenance. Pure: same pages, same records. A form
 * beside a page that could not be read says so in its problems.
 */
export function normalizeDocument(doc: ExtractedDocument): FormRecord[] {
  return readDocument(doc).records;
}

/** The forms and the department tables of a document, both read from one layout of its pages. */
export function readDocument(doc: ExtractedDocument): NormalizedDocument {
  const pages = doc.pages.map(layoutPage);
  return {
    records: withPageFailures(doc, readForms(pages, doc.fileName, doc.documentId)),
    tables: readTables(pages, doc.fileName, doc.documentId),
    contents: readContents(pages),
  };
}
