import { errorMessage, isPermanent, PermanentError } from '../errors.ts';
import { detectFormat } from './office/detect-format.ts';
import { drawOfficePage } from './office/draw-office-page.ts';
import { extractOffice } from './office/extract-office.ts';
import type { OcrEngine } from '../ocr/ocr-engine.ts';
import { createPaddleEngine } from '../ocr/paddle-engine.ts';
import { createTesseractEngine } from '../ocr/tesseract-engine.ts';
import { extractPdf } from './extract-pdf.ts';
import type { OcrEngineChoice, ExtractReply, ProcessRequest } from './extract-messages.ts';
import { renderPagePng } from './render-page.ts';

// One OCR engine per process, created for the first document that asks for it and reused for the process'
// life; the engines themselves start (load their models) on the first page that needs OCR.
const engines = new Map<OcrEngineChoice, OcrEngine>();
const engine = (choice: OcrEngineChoice): OcrEngine => {
  let ocr = engines.get(choice);
  if (!ocr) engines.set(choice, (ocr = choice === 'tesseract' ? createTesseractEngine() : createPaddleEngine()));
  return ocr;
};

const reply = (message: ExtractReply) => process.send!(message);

// Runs in a child process of the extract pool (which also draws pages for the web page), so a PDF that hangs pdf.js or takes memory outside V8's heap
// (decoded pictures, canvases, onnxruntime) is killed alone, and the kernel's OOM killer would pick it, not
// the process holding the store and the other documents.
process.on('message', async (request: ProcessRequest) => {
  reply({ kind: 'started' });
  try {
    if (request.kind === 'render') {
      const { format } = detectFormat(request.bytes);
      const drawn = format && format !== 'pdf' ? await drawOfficePage(request.bytes, format, request.page, request) : await renderPagePng(request.bytes, request.page, request);
      reply({ kind: 'rendered', ...drawn });
      return;
    }
    const detected = detectFormat(request.bytes);
    if (!detected.format) throw new PermanentError(detected.reason);
    const doc = detected.format !== 'pdf' ? await extractOffice(request.id, request.fileName, request.bytes, detected.format, {
        soffice: request.soffice,
        ocr: request.ocr ? engine(request.ocrEngine) : undefined,
        onPage: (page, pageCount) => reply({ kind: 'page', page, pageCount }),
      }) : await extractPdf(request.id, request.fileName, request.bytes, {
      maxPages: request.maxPages,
      ...(request.stride ? { stride: request.stride } : {}),
      ocr: request.ocr ? engine(request.ocrEngine) : undefined,
      onPage: (page, pageCount) => reply({ kind: 'page', page, pageCount }),
    });
    reply({ kind: 'done', doc });
  } catch (error) {
    reply({ kind: 'failed', message: errorMessage(error), permanent: isPermanent(error) });
  }
});
// The pool went away (its process ended or closed the channel): nothing is left to work for.
process.on('disconnect', () => process.exit(0));
reply({ kind: 'ready' });
