import { NormalizedDocument, ValidatedDocument } from '../../schemas/index.ts';
import { defineStage } from '../stage.ts';
import { checkTables } from './department/check-tables.ts';
import { checkDocument } from './prose/check-document.ts';
import { validateRecord } from './validate-record.ts';

/** The validate stage: the forms of one document, each with its findings, its department tables with I8, its prose against them. */
export const validate = defineStage({
  name: 'validate',
  input: NormalizedDocument,
  output: ValidatedDocument,
  load: (id, deps) => deps.store.readArtifact(id, 'normalize'),
  run: async (doc) => ({ records: doc.records.map(validateRecord), tables: checkTables(doc.tables, doc.contents), document: checkDocument(doc) }),
  // The last stage's output is the result: it goes to the records, tables and document findings, not to another artifact.
  save: async (id, { records, tables, document }, deps) => {
    await deps.store.saveRecords(id, records);
    await deps.store.saveTables(id, tables);
    await deps.store.saveDocumentChecks(id, document);
  },
});
