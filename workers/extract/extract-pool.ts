import { Worker } from 'node:worker_threads';
import type { DocumentId, ExtractedDocument } from '../../schemas/index.ts';
import { PermanentError } from '../errors.ts';
import type { OcrEngineChoice, ThreadReply, ThreadRequest } from './thread-messages.ts';

export type ExtractPoolOptions = {
  /** Threads extracting at once. @default 1 */
  size?: number;
  /** A document that makes no progress (no page finished) for this long is given up. @default 30000 */
  stallMs?: number;
  /** Whole-document limit. @default 600000 */
  totalMs?: number;
  /**
   * V8 heap limit per thread; a document that needs more fails alone. Born-digital budget PDFs of 40 pages
   * need under 64 MiB; a hostile one (an operator-list cycle) grows about 120 MiB/s until it hits this, so
   * the process peaks near size × (memoryMb + 150) plus the store (~650 MiB), so 768 keeps size 2 well under
   * 3 GiB (1024 reached 2.9 GiB with two such documents at once). @default 768
   */
  memoryMb?: number;
  /** @default 2000 */
  maxPages?: number;
  /** Read scanned pages, pasted pictures and garbage text layers by OCR (slow: seconds per page). @default true */
  ocr?: boolean;
  /**
   * The engine that reads them: PP-OCRv4 recognition through onnxruntime (far more exact on table cells,
   * about 300 MB per thread) or tesseract.js (chi_sim). @default 'paddle'
   */
  ocrEngine?: OcrEngineChoice;
  /** Threads are replaced after this many documents, so slow leaks in pdf.js cannot pile up. @default 200 */
  recycleAfter?: number;
};

export type ExtractPool = {
  extract: (id: DocumentId, fileName: string, bytes: Uint8Array, onPage?: (page: number, pageCount: number) => void) => Promise<ExtractedDocument>;
  close: () => Promise<void>;
};

type Slot = { worker: Worker; jobs: number };

// Compiled code runs the .js thread. Under vitest/tsx the sources are .ts: the thread then registers tsx's
// loader itself, because Node 20 ignores `--import` in a worker's execArgv.
const SELF = import.meta.url;
const FROM_SOURCE = SELF.endsWith('.ts');
const THREAD = new URL(FROM_SOURCE ? './extract-thread.ts' : './extract-thread.js', SELF);

function startThread(memoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb };
  if (!FROM_SOURCE) return new Worker(THREAD, { resourceLimits });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD.href)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/**
 * Extracts documents in worker threads with a stall timeout and a heap limit, so that one hostile PDF
 * (an operator-list cycle, a decompression bomb) fails with a reason and the rest of the run goes on.
 */
export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const { size = 1, stallMs = 30_000, totalMs = 600_000, memoryMb = 768, maxPages = 2000, recycleAfter = 200, ocr = true, ocrEngine = 'paddle' } = options;
  const startMs = Math.max(stallMs, 60_000);
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  let live = 0;
  let closed = false;

  const spawn = (): Slot => {
    live++;
    const worker = startThread(memoryMb);
    worker.unref();
    const slot: Slot = { worker, jobs: 0 };
    // A thread can fail when no job listens: out of memory while being terminated after a time-out, or
    // while idle. Unheard, that 'error' would crash the whole process; a dead idle thread leaves the pool.
    worker.on('error', () => undefined).on('exit', () => {
      const at = idle.indexOf(slot);
      if (at < 0) return;
      idle.splice(at, 1);
      live--;
    });
    return slot;
  };
  const acquire = (): Promise<Slot> => {
    const slot = idle.pop();
    if (slot) return Promise.resolve(slot);
    if (live < size) return Promise.resolve(spawn());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot, healthy: boolean) => {
    if (!healthy || slot.jobs >= recycleAfter || closed) {
      live--;
      void slot.worker.terminate();
      if (closed) return;
      const next = waiting.shift();
      if (next) next(spawn());
      return;
    }
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };

  return {
    async extract(id, fileName, bytes, onPage) {
      if (closed) throw new Error('the extract pool is closed');
      const slot = await acquire();
      slot.jobs++;
      return new Promise<ExtractedDocument>((resolve, reject) => {
        let settled = false;
        const finish = (healthy: boolean, result: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(stall);
          clearTimeout(total);
          slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          release(slot, healthy);
          result();
        };
        const giveUp = (why: string) => finish(false, () => reject(new PermanentError(why)));
        // A new thread first loads pdf.js (seconds under tsx, and again after a hostile document's thread
        // was replaced): that is not the document stalling, so the stall clock starts once it says 'started'.
        let stall = setTimeout(() => giveUp(`timed out: the extract thread did not start in ${startMs / 1000} s`), startMs);
        const total = setTimeout(() => giveUp(`timed out: extraction took over ${totalMs / 1000} s`), totalMs);
        const onMessage = (message: ThreadReply) => {
          if (message.kind === 'started' || message.kind === 'page') {
            clearTimeout(stall);
            stall = setTimeout(() => giveUp(`timed out: no page finished in ${stallMs / 1000} s`), stallMs);
            if (message.kind === 'page') onPage?.(message.page, message.pageCount);
          } else if (message.kind === 'done') finish(true, () => resolve(message.doc));
          else finish(true, () => reject(message.permanent ? new PermanentError(message.message) : new Error(message.message)));
        };
        const onError = (error: Error) =>
          (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? giveUp(`too large: reading it needed more than ${memoryMb} MiB of memory (a huge or malformed PDF)`)
            : finish(false, () => reject(error));
        const onExit = (code: number) => finish(false, () => reject(new Error(`extract thread exited (code ${code})`)));
        slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        const request: ThreadRequest = { id, fileName, bytes: new Uint8Array(bytes), maxPages, ocr, ocrEngine };
        slot.worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      closed = true;
      await Promise.all(idle.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
