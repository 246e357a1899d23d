import { ExtractedDocument, NormalizedDocument } from '../../schemas/index.ts';
import { defineStage } from '../stage.ts';
import { readDocument } from './normalize-document.ts';

/** The normalize stage: pages → form records and department tables. */
export const normalize = defineStage({
  name: 'normalize',
  input: ExtractedDocument,
  output: NormalizedDocument,
  load: (id, deps) => deps.store.readArtifact(id, 'extract'),
  run: async (doc) => readDocument(doc),
});
