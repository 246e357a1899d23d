import { parentPort } from 'node:worker_threads';
import { errorMessage, isPermanent } from '../errors.ts';
import type { OcrEngine } from '../ocr/ocr-engine.ts';
import { createPaddleEngine } from '../ocr/paddle-engine.ts';
import { createTesseractEngine } from '../ocr/tesseract-engine.ts';
import { extractPdf } from './extract-pdf.ts';
import type { OcrEngineChoice, ThreadReply, ThreadRequest } from './thread-messages.ts';

// One OCR engine per thread, created for the first document that asks for it and reused for the thread's
// life; the engines themselves start (load their models) on the first page that needs OCR.
const engines = new Map<OcrEngineChoice, OcrEngine>();
const engine = (choice: OcrEngineChoice): OcrEngine => {
  let ocr = engines.get(choice);
  if (!ocr) engines.set(choice, (ocr = choice === 'tesseract' ? createTesseractEngine() : createPaddleEngine()));
  return ocr;
};

// Runs inside a worker thread, so a PDF that hangs pdf.js or exhausts memory takes down only this thread.
const port = parentPort!;
port.on('message', async (request: ThreadRequest) => {
  const reply = (message: ThreadReply) => port.postMessage(message);
  reply({ kind: 'started' });
  try {
    const doc = await extractPdf(request.id, request.fileName, request.bytes, {
      maxPages: request.maxPages,
      ocr: request.ocr ? engine(request.ocrEngine) : undefined,
      onPage: (page, pageCount) => reply({ kind: 'page', page, pageCount }),
    });
    reply({ kind: 'done', doc });
  } catch (error) {
    reply({ kind: 'failed', message: errorMessage(error), permanent: isPermanent(error) });
  }
});
