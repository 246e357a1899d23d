import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { GrayImage } from './gray-image.ts';
import { cleanOcrText, OcrEngineUnavailable, type OcrEngine, type OcrLayout, type OcrLine } from './ocr-engine.ts';
import { errorMessage } from '../errors.ts';
import { withTimeout } from '../with-timeout.ts';

export type TesseractOptions = {
  /** A worker is replaced after this many images: its WASM heap only grows. @default 300 */
  recycleAfter?: number;
  /** @default 30000 */
  startTimeoutMs?: number;
  /** @default 30000 */
  recognizeTimeoutMs?: number;
};

// The language data ships in an npm package: without langPath tesseract.js fetches it from a CDN, and
// offline its promise never settles. 4.0.0_best_int is the LSTM model (smaller, faster, as accurate here).
const LANG_PATH = path.join(path.dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');

const SETTINGS = {
  line: { tessedit_pageseg_mode: PSM.SINGLE_LINE, tessedit_char_whitelist: '' },
  block: { tessedit_pageseg_mode: PSM.SINGLE_BLOCK, tessedit_char_whitelist: '' },
  sparse: { tessedit_pageseg_mode: PSM.SPARSE_TEXT, tessedit_char_whitelist: '' },
  // chi_sim reads a lone 5 as 号 and 7 as 了; held to number characters it reads them right.
  number: { tessedit_pageseg_mode: PSM.SINGLE_LINE, tessedit_char_whitelist: '0123456789.%-分万元' },
} as const;

/** Tesseract (tesseract.js 7, chi_sim), fully offline, one worker, recycled, every call under a time limit. */
export function createTesseractEngine(options: TesseractOptions = {}): OcrEngine {
  const { recycleAfter = 300, startTimeoutMs = 30_000, recognizeTimeoutMs = 30_000 } = options;
  let worker: Promise<Worker> | null = null;
  let used = 0;
  let current: OcrLayout | null = null;

  const start = (): Promise<Worker> =>
    withTimeout(createWorker('chi_sim', OEM.LSTM_ONLY, { langPath: LANG_PATH, gzip: true, cacheMethod: 'none' }), startTimeoutMs, 'tesseract did not start')
      .catch((error: unknown) => {
        throw new OcrEngineUnavailable(`the OCR engine (tesseract) could not start: ${errorMessage(error)}`);
      });
  const stop = async () => {
    const running = worker;
    worker = null;
    current = null;
    used = 0;
    await (await running?.catch(() => null))?.terminate().catch(() => undefined);
  };

  return {
    name: 'tesseract.js 7 chi_sim best_int',
    async recognize(image, layout) {
      if (used >= recycleAfter) await stop();
      worker ??= start();
      const w = await worker;
      used++;
      if (current !== layout) {
        // Crops carry no resolution; without one Tesseract guesses it and says so on stderr for every call.
        // Its debug prints (statistics dumped on some blank crops) go to the WASM file system's /dev/null.
        await w.setParameters({ ...SETTINGS[layout], preserve_interword_spaces: '1', user_defined_dpi: '300', debug_file: '/dev/null' });
        current = layout;
      }
      try {
        const result = await withTimeout(w.recognize(toPgm(image), {}, { text: false, blocks: true }), recognizeTimeoutMs, 'tesseract took too long');
        return linesOf(result.data.blocks ?? []);
      } catch (error) {
        await stop(); // a worker that timed out or crashed is not reused
        throw error;
      }
    },
    close: stop,
  };
}

type Block = { paragraphs: { lines: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[] }[] };

function linesOf(blocks: Block[]): OcrLine[] {
  return blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines))
    .map((l) => ({ text: fixChiSim(cleanOcrText(l.text)), bbox: [l.bbox.x0, l.bbox.y0, l.bbox.x1, l.bbox.y1] as OcrLine['bbox'], confidence: l.confidence / 100 }))
    .filter((l) => l.text !== '');
}

/**
 * The chi_sim model's habitual misreadings on these forms: a percent sign as `%0`, `%%` or `%` plus a stray
 * letter, and the full-width bracket `（` as `〈`. Only these glyph-level slips; digits are never changed here.
 */
function fixChiSim(text: string): string {
  return text
    .replace(/%{2,}/g, '%')
    .replace(/%[0o4](?![0-9.])/g, '%')
    .replace(/〈/g, '（')
    .replace(/〉/g, '）');
}

/** Binary PGM: leptonica reads it directly, so crops need no PNG encoding. */
function toPgm(image: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength)]);
}
