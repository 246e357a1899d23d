import { z } from 'zod';
import { DocumentId, ExtractedDocument } from '../../schemas/index.ts';
import { PermanentError } from '../errors.ts';
import { detectFormat } from './office/detect-format.ts';
import { pageFailures } from '../page-failures.ts';
import { defineStage } from '../stage.ts';

const PdfInput = z.object({ id: DocumentId, fileName: z.string(), bytes: z.instanceof(Uint8Array) });

/**
 * The extract stage: a stored document's bytes → its pages (text with geometry, ruling lines, page facts; the tables
 * a Word, Excel or web-page file states). What the bytes are is told by their content, whatever the file's name.
 */
export const extract = defineStage({
  name: 'extract',
  input: PdfInput,
  output: ExtractedDocument,
  load: async (id, deps) => {
    const info = await deps.store.getDocument(id);
    if (!info) throw new PermanentError(`no document ${id} in the store`);
    return { id, fileName: info.fileName, bytes: await deps.store.readBytes(id) };
  },
  run: async ({ id, fileName, bytes }, deps) => {
    const detected = detectFormat(bytes);
    if (!detected.format) throw new PermanentError(detected.reason);
    return deps.extractPdf(id, fileName, bytes, (page, count) => deps.onPage?.(id, page, count));
  },
  // Pages that could not be read are on the document's status for everyone to see (never dropped silently).
  statusPatch: (doc) => ({ pageCount: doc.pageCount, ...pageFailures(doc) }),
});
