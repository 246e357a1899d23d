import { z } from 'zod';
import { DocumentId, ExtractedDocument } from '../../schemas/index.ts';
import { PermanentError } from '../errors.ts';
import { pageFailures } from '../page-failures.ts';
import { defineStage } from '../stage.ts';

const PdfInput = z.object({ id: DocumentId, fileName: z.string(), bytes: z.instanceof(Uint8Array) });

/** The extract stage: a stored document's bytes → its pages (text with geometry, ruling lines, page facts). */
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
    assertPdf(bytes);
    return deps.extractPdf(id, fileName, bytes, (page, count) => deps.onPage?.(id, page, count));
  },
  // Pages that could not be read are on the document's status for everyone to see (never dropped silently).
  statusPatch: (doc) => ({ pageCount: doc.pageCount, ...pageFailures(doc) }),
});

/** PDF readers accept the header anywhere in the first KiB; anything else is not a PDF, whatever its name. */
function assertPdf(bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (bytes.byteLength === 0) throw new PermanentError('not a PDF: the file is empty');
  if (!head.includes('%PDF-')) {
    const start = head.slice(0, 16).replace(/[^\x20-\x7e]/g, '.');
    throw new PermanentError(`not a PDF: no %PDF- header (the file starts with "${start}")`);
  }
}
