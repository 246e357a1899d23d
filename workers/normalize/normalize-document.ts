import type { ExtractedDocument, FormRecord } from '../../schemas/index.ts';
import { layoutPage } from './page-layout.ts';
import { readForms } from './read-forms.ts';

/** Extracted pages → the forms they hold, as records with provenance. Pure: same pages, same records. */
export function normalizeDocument(doc: ExtractedDocument): FormRecord[] {
  return readForms(doc.pages.map(layoutPage), doc.fileName, doc.documentId);
}
