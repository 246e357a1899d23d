import { parentPort } from 'node:worker_threads';
import { errorMessage, isPermanent } from '../errors.ts';
import { createTesseractEngine } from '../ocr/tesseract-engine.ts';
import { extractPdf } from './extract-pdf.ts';
import type { ThreadReply, ThreadRequest } from './thread-messages.ts';

// One OCR engine per thread, started on the first page that needs it and reused for the thread's life.
const ocr = createTesseractEngine();

// Runs inside a worker thread, so a PDF that hangs pdf.js or exhausts memory takes down only this thread.
const port = parentPort!;
port.on('message', async (request: ThreadRequest) => {
  const reply = (message: ThreadReply) => port.postMessage(message);
  reply({ kind: 'started' });
  try {
    const doc = await extractPdf(request.id, request.fileName, request.bytes, {
      maxPages: request.maxPages,
      ocr: request.ocr ? ocr : undefined,
      onPage: (page, pageCount) => reply({ kind: 'page', page, pageCount }),
    });
    reply({ kind: 'done', doc });
  } catch (error) {
    reply({ kind: 'failed', message: errorMessage(error), permanent: isPermanent(error) });
  }
});
