/**
 * pdf.js says some things only as console warnings: notably that it left a picture out for being over
 * `maxImageSize`. Those are what a reader of the page must be told, so they are caught here; the many other
 * warnings fuzzed or sloppy files cause stay silent as before. Extraction reads one document at a time per
 * process, so what arrives while `collect` runs belongs to its page.
 */
const WANTED = [/Image exceeded maximum allowed size/];

let sink: string[] | null = null;
let installed = false;

export async function collectPdfWarnings<T>(run: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const previous = sink;
  const mine: string[] = [];
  sink = mine;
  try {
    return { result: await run(), warnings: mine };
  } finally {
    sink = previous;
  }
}

/** Called before pdf.js is asked for warnings (verbosity 1): every other warning is dropped, as verbosity 0 did. */
export function filterPdfWarnings(): void {
  if (installed) return;
  installed = true;
  // pdf.js warns through console.warn (console.log in older builds).
  for (const method of ['warn', 'log'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (!text.startsWith('Warning: ')) return original(...args);
      if (sink && WANTED.some((w) => w.test(text))) sink.push(text.slice('Warning: '.length));
    };
  }
}
