import type { DepartmentTable, DocumentChecks, DocumentSubject, NormalizedDocument } from '../../../schemas/index.ts';
import { checkProse } from './check-prose.ts';

/**
 * The document's own checks. Its subject is what its title says; where the title is not found (a file of tables
 * only, a cover drawn as a picture) it is what its tables say most often.
 */
export function checkDocument(doc: NormalizedDocument): DocumentChecks {
  const subject = withTables(doc.subject, doc.tables);
  return {
    subject,
    findings: checkProse({ sentences: doc.prose, subject, tables: doc.tables, blankPages: doc.blankPages }),
    prose: doc.prose.filter((s) => s.figures.length),
  };
}

function withTables(subject: DocumentSubject, tables: readonly DepartmentTable[]): DocumentSubject {
  const first = <K extends keyof DocumentSubject>(key: K): DocumentSubject[K] => tables.find((t) => t[key] !== null)?.[key] ?? null;
  return {
    department: subject.department ?? first('department'),
    fiscalYear: subject.fiscalYear ?? first('fiscalYear'),
    stage: subject.stage ?? first('stage'),
  };
}
