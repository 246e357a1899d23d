import { NormalizedDocument, ValidatedDocument } from '../../schemas/index.ts';
import { defineStage } from '../stage.ts';
import { checkTables } from './department/check-tables.ts';
import { validateRecord } from './validate-record.ts';

/** The validate stage: the forms of one document, each with its findings, and its department tables with I8. */
export const validate = defineStage({
  name: 'validate',
  input: NormalizedDocument,
  output: ValidatedDocument,
  load: (id, deps) => deps.store.readArtifact(id, 'normalize'),
  run: async ({ records, tables, contents }) => ({ records: records.map(validateRecord), tables: checkTables(tables, contents) }),
  // The last stage's output is the result: it goes to the records and tables, not to another artifact.
  save: async (id, { records, tables }, deps) => {
    await deps.store.saveRecords(id, records);
    await deps.store.saveTables(id, tables);
  },
});
