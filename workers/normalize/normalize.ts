import { z } from 'zod';
import { ExtractedDocument, FormRecord } from '../../schemas/index.ts';
import { defineStage } from '../stage.ts';
import { normalizeDocument } from './normalize-document.ts';

/** The normalize stage: pages → form records. */
export const normalize = defineStage({
  name: 'normalize',
  input: ExtractedDocument,
  output: z.array(FormRecord),
  load: (id, deps) => deps.store.readArtifact(id, 'extract'),
  run: async (doc) => normalizeDocument(doc),
});
