import { fork, type ChildProcess } from 'node:child_process';
import { detectFormat } from './office/detect-format.ts';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DocumentId, ExtractedDocument } from '../../schemas/index.ts';
import { PermanentError, TimeoutError } from '../errors.ts';
import type { OcrEngineChoice, ExtractReply, ProcessRequest } from './extract-messages.ts';

export type ExtractPoolOptions = {
  /** Processes extracting at once. @default 1 */
  size?: number;
  /** A document that makes no progress (no page finished) for this long is given up: one page's limit. @default 60000 */
  stallMs?: number;
  /**
   * Whole-document limit: `baseMs` plus `pageMs` for every page it has, so a 300-page scan gets the time its
   * pages need and a stuck 2-page file does not wait for it. @default 120000 and 20000
   */
  baseMs?: number;
  pageMs?: number;
  /**
   * V8 heap limit per extract process; a document that needs more fails alone. Born-digital budget PDFs of
   * 40 pages need under 64 MiB; a hostile one (an operator-list cycle) grows about 120 MiB/s until it hits
   * this. @default 768
   */
  memoryMb?: number;
  /**
   * Resident memory limit per extract process, everything counted: decoded pictures, canvases and onnxruntime
   * live outside V8's heap, where no heap limit reaches. Checked every 100 ms (Linux /proc); a process over it
   * is killed and its document fails with the reason. An ordinary page costs 200–500 MiB with OCR. @default 1536
   */
  rssMb?: number;
  /** @default 2000 */
  maxPages?: number;
  /** Read scanned pages, pasted pictures and garbage text layers by OCR (slow: seconds per page). @default true */
  ocr?: boolean;
  /**
   * The engine that reads them: PP-OCRv4 recognition through onnxruntime (far more exact on table cells,
   * about 300 MB per process) or tesseract.js (chi_sim). @default 'paddle'
   */
  ocrEngine?: OcrEngineChoice;
  /** LibreOffice's command, which converts Word 97–2003 files (.doc, .wps) for the Office reader. @default 'soffice' */
  soffice?: string;
  /** Processes are replaced after this many documents, so slow leaks in pdf.js cannot pile up. @default 200 */
  recycleAfter?: number;
  /**
   * Processes one document may be spread over when they are idle (its pages shared out, every `n`-th page each):
   * one document in flight then uses every core. Never waits for a process to spread. @default 1
   */
  spread?: number;
};

export type ExtractPool = {
  extract: (id: DocumentId, fileName: string, bytes: Uint8Array, onPage?: (page: number, pageCount: number) => void) => Promise<ExtractedDocument>;
  /** One page as PNG under the same limits: a page that would take the caller's process down takes a child's. */
  render: (bytes: Uint8Array, page: number, options: { scale: number; maxPixels: number }) => Promise<{ png: Uint8Array; scale: number }>;
  close: () => Promise<void>;
};

/** `stderr`: the end of what the process printed (V8's last words when it dies), for the document's error. */
type Slot = { child: ChildProcess; jobs: number; ready: Promise<void>; stderr: string };

// Compiled code runs the .js entry. Under vitest/tsx the sources are .ts: the child then loads tsx first.
const SELF = import.meta.url;
const FROM_SOURCE = SELF.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(FROM_SOURCE ? './extract-process.ts' : './extract-process.js', SELF));
const WATCH_MS = 100;

function startProcess(memoryMb: number): Slot {
  const child = fork(ENTRY, [], {
    execArgv: [...(FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : []), `--max-old-space-size=${memoryMb}`],
    serialization: 'advanced',
    // Its output is not the user's: kept (the end of it) to explain a crash, never printed.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const slot: Slot = { child, jobs: 0, ready: Promise.resolve(), stderr: '' };
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (slot.stderr = (slot.stderr + text).slice(-2000)));
  const ready = new Promise<void>((resolve, reject) => {
    const onReady = (message: ExtractReply) => {
      if (message.kind !== 'ready') return;
      child.off('message', onReady).off('exit', onEarlyExit);
      resolve();
    };
    const onEarlyExit = (code: number | null, signal: string | null) => reject(new Error(`the extract process ended before it was ready (${signal ?? `code ${code}`})`));
    child.on('message', onReady).once('exit', onEarlyExit);
  });
  ready.catch(() => undefined);
  slot.ready = ready;
  return slot;
}

const lastWords = (stderr: string): string => {
  const line = stderr.trim().split('\n').pop()?.trim();
  return line ? `: ${line.slice(0, 300)}` : '';
};

/** Resident memory of a process in MiB, from /proc; null where there is no /proc (the watch is then off). */
async function residentMb(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status && /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : null;
}

/**
 * Extracts documents in child processes with time limits, a heap limit and a resident-memory limit, so that
 * one hostile PDF (an operator-list cycle, a decompression bomb, pictures that decode to gigabytes) fails
 * with a reason, alone, and the rest of the run goes on. Processes, not threads: memory outside V8's heap
 * can only be measured and reclaimed per process.
 */
export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const { size = 1, stallMs = 60_000, baseMs = 120_000, pageMs = 20_000, memoryMb = 768, rssMb = 1536, maxPages = 2000, recycleAfter = 200, ocr = true, ocrEngine = 'paddle', spread = 1, soffice = 'soffice' } = options;
  const startMs = Math.max(stallMs, 60_000);
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  let live = 0;
  let closed = false;

  const spawn = (): Slot => {
    live++;
    const slot = startProcess(memoryMb);
    slot.child.unref();
    slot.child.channel?.unref();
    (slot.child.stderr as { unref?: () => void } | null)?.unref?.();
    // A process can die when no job listens (killed from outside while idle): it leaves the pool.
    slot.child.on('error', () => undefined).on('exit', () => {
      const at = idle.indexOf(slot);
      if (at < 0) return;
      idle.splice(at, 1);
      live--;
    });
    return slot;
  };
  /** An idle process, or a new one if the pool has room; null rather than waiting. */
  const takeIdle = (): Slot | null => idle.pop() ?? (live < size ? spawn() : null);
  const acquire = (): Promise<Slot> => {
    const slot = idle.pop();
    if (slot) return Promise.resolve(slot);
    if (live < size) return Promise.resolve(spawn());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot, healthy: boolean) => {
    if (!healthy || slot.jobs >= recycleAfter || closed) {
      live--;
      slot.child.kill('SIGKILL');
      if (closed) return;
      const next = waiting.shift();
      if (next) next(spawn());
      return;
    }
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };

  /** Runs one request in a process of the pool; `result` picks the answer out of the process' final reply. */
  async function dispatch<T>(
    request: ProcessRequest, result: (message: ExtractReply) => T | undefined, onPage?: (page: number, pageCount: number) => void,
    given?: { slot: Slot; signal: AbortSignal },
  ): Promise<T> {
    if (closed) throw new Error('the extract pool is closed');
    const slot = given?.slot ?? await acquire();
    slot.jobs++;
    const { child } = slot;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (healthy: boolean, result: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(stall);
        clearTimeout(total);
        clearInterval(watch);
        child.off('message', onMessage).off('exit', onExit);
        release(slot, healthy);
        result();
      };
      const giveUp = (why: string) => finish(false, () => reject(new PermanentError(why)));
      // A time-out may be the machine's fault (a busy moment, a slow disk): it is not permanent, and the
      // extract stage tries once more before it gives up.
      const timeOut = (why: string) => finish(false, () => reject(new TimeoutError(why)));
      // A new process first loads pdf.js (seconds under tsx, and again after a hostile document's process
      // was replaced): that is not the document stalling, so the stall clock starts once it says 'started'.
      let stall = setTimeout(() => timeOut(`timed out: the extract process did not start in ${startMs / 1000} s`), startMs);
      const begun = Date.now();
      let budget = 0;
      let total: NodeJS.Timeout | undefined;
      const setBudget = (pages: number) => {
        const ms = baseMs + pageMs * Math.min(pages, maxPages);
        if (ms === budget) return;
        budget = ms;
        clearTimeout(total);
        total = setTimeout(() => timeOut(`timed out: extraction took over ${ms / 1000} s (${baseMs / 1000} s and ${pageMs / 1000} s for each of ${Math.min(pages, maxPages)} pages)`), Math.max(0, begun + ms - Date.now()));
      };
      setBudget(1);
      let peak = 0;
      const watch = setInterval(() => {
        if (child.pid === undefined) return;
        void residentMb(child.pid).then((mb) => {
          if (mb === null || settled) return;
          peak = Math.max(peak, mb);
          if (mb > rssMb) giveUp(`too large: reading it needed more than ${rssMb} MiB of memory (a huge or malformed PDF)`);
        });
      }, WATCH_MS);
      // Another part of the same document failed: this part's answer no longer matters, its process is freed.
      given?.signal.addEventListener('abort', () => finish(false, () => reject(new Error('another part of the document failed'))), { once: true });
      const onMessage = (message: ExtractReply) => {
        if (message.kind === 'started' || message.kind === 'page') {
          clearTimeout(stall);
          stall = setTimeout(() => timeOut(`timed out: no page finished in ${stallMs / 1000} s`), stallMs);
          if (message.kind === 'page') {
            setBudget(message.pageCount);
            onPage?.(message.page, message.pageCount);
          }
        } else if (message.kind === 'failed') finish(true, () => reject(message.permanent ? new PermanentError(message.message) : new Error(message.message)));
        else {
          const answer = result(message);
          if (answer !== undefined) finish(true, () => resolve(answer));
        }
      };
      // V8 aborts a process over its heap limit (SIGABRT); the kernel's OOM killer sends SIGKILL. Either way
      // the same bytes would do it again.
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        signal === 'SIGABRT' || signal === 'SIGKILL' || code === 134
          ? giveUp(`too large: the extract process ran out of memory (${signal ?? `code ${code}`}; heap limit ${memoryMb} MiB${peak ? `, ${Math.round(peak)} MiB resident when last seen` : ''})`)
          : finish(false, () => reject(new Error(`the extract process ended unexpectedly (${signal ?? `code ${code}`})${lastWords(slot.stderr)}`)));
      child.on('message', onMessage).on('exit', onExit);
      slot.ready.then(
        () => {
          if (settled) return;
          child.send(request, (error) => error && finish(false, () => reject(error)));
        },
        (error: unknown) => finish(false, () => reject(error)),
      );
    });
  }

  const whole = (m: ExtractReply) => (m.kind === 'done' ? m.doc : undefined);

  return {
    async extract(id, fileName, bytes, onPage) {
      if (closed) throw new Error('the extract pool is closed');
      const slots = [await acquire()];
      // Only a PDF's pages can be shared out: other files are read whole.
      for (let more = spread > 1 && detectFormat(bytes).format === 'pdf' ? takeIdle() : null; more; more = slots.length < spread ? takeIdle() : null) slots.push(more);
      const request = { kind: 'extract' as const, id, fileName, bytes, maxPages, ocr, ocrEngine, soffice };
      if (slots.length === 1) return dispatch(request, whole, onPage, { slot: slots[0]!, signal: new AbortController().signal });
      // Spread: each process reads every n-th page; the first failure stops the others, and the document fails as one.
      const failed = new AbortController();
      const read = new Set<number>();
      const parts = await Promise.all(slots.map((slot, part) =>
        dispatch({ ...request, stride: { part, parts: slots.length } }, whole, (page, pageCount) => {
          read.add(page);
          onPage?.(read.size, pageCount);
        }, { slot, signal: failed.signal }).catch((error: unknown) => {
          failed.abort();
          throw error;
        })));
      return mergeParts(parts);
    },
    render: (bytes, page, options) =>
      dispatch({ kind: 'render', bytes, page, soffice, ...options }, (m) => (m.kind === 'rendered' ? { png: m.png, scale: m.scale } : undefined)),
    async close() {
      closed = true;
      for (const slot of idle.splice(0)) slot.child.kill('SIGKILL');
    },
  };
}

/** The parts of a spread document as one: pages and page errors in page order. */
function mergeParts(parts: readonly ExtractedDocument[]): ExtractedDocument {
  const first = parts[0]!;
  return {
    ...first,
    pages: parts.flatMap((p) => p.pages).sort((a, b) => a.number - b.number),
    pageErrors: parts.flatMap((p) => p.pageErrors).sort((a, b) => a.page - b.page),
  };
}
