import type { DocumentChecks, NormalizedDocument } from '../../../schemas/index.ts';
import { checkProse } from './check-prose.ts';

/** The document's own checks, on the subject normalize read from its cover, forms and tables. */
export function checkDocument(doc: NormalizedDocument): DocumentChecks {
  return {
    subject: doc.subject,
    findings: checkProse({ sentences: doc.prose, subject: doc.subject, tables: doc.tables, blankPages: doc.blankPages }),
    prose: doc.prose.filter((s) => s.figures.length),
  };
}
