import type { ExtractedDocument, FormRecord } from '../../schemas/index.ts';
import { withPageFailures } from '../page-failures.ts';
import { layoutPage } from '../grid/page-layout.ts';
import { readForms } from './read-forms.ts';

/**
 * Extracted pages → the forms they hold, as records with provenance. Pure: same pages, same records. A form
 * beside a page that could not be read says so in its problems.
 */
export function normalizeDocument(doc: ExtractedDocument): FormRecord[] {
  return withPageFailures(doc, readForms(doc.pages.map(layoutPage), doc.fileName, doc.documentId));
}
