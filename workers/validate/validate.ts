import { z } from 'zod';
import { FormRecord, ValidatedRecord } from '../../schemas/index.ts';
import { defineStage } from '../stage.ts';
import { validateRecord } from './validate-record.ts';

/** The validate stage: the normalized records of one document, each with its arithmetic findings. */
export const validate = defineStage({
  name: 'validate',
  input: z.array(FormRecord),
  output: z.array(ValidatedRecord),
  load: (id, deps) => deps.store.readArtifact(id, 'normalize'),
  run: async (records) => records.map(validateRecord),
  // The last stage's output is the result: it goes to the records table, not to another artifact.
  save: (id, records, deps) => deps.store.saveRecords(id, records),
});
