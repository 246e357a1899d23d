import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withPage, withPdf } from '../../workers/extract/pdf.ts';
import type { GrayImage } from '../../workers/ocr/gray-image.ts';
import { renderPage } from '../../workers/ocr/render-page.ts';

export type NativeTesseract = { available: true; version: string } | { available: false; reason: string };

export const INSTALL_TESSERACT = 'apt-get install -y tesseract-ocr tesseract-ocr-chi-sim';

/** A page to read: where it is and the scale jixiao rendered it at, so both tools get the same pixels. */
export type OcrPageRef = { file: string; bytes: Uint8Array; page: number; scale: number };

/** Whether `tesseract` is on PATH with the chi_sim language, and its version. */
export function findNativeTesseract(): NativeTesseract {
  const version = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
  if (version.error) return { available: false, reason: `tesseract not found (${version.error.message})` };
  const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  if (!/^chi_sim$/m.test(`${langs.stdout}${langs.stderr}`)) return { available: false, reason: 'tesseract has no chi_sim language data' };
  return { available: true, version: /tesseract (\S+)/.exec(`${version.stdout}${version.stderr}`)?.[1] ?? 'unknown version' };
}

/**
 * Native Tesseract on the very images jixiao OCRs (the page rendered by pdf.js at jixiao's OCR scale,
 * grey), one process per page, one thread (OMP_THREAD_LIMIT=1, as jixiao's engines run one thread per
 * page), whole page in its default segmentation: the speed baseline, not the accuracy one. Rendering is
 * not timed on this side; jixiao's per-page time includes its own.
 */
export async function timeNativeTesseract(pages: readonly OcrPageRef[]): Promise<number[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jixiao-bench-ocr-'));
  try {
    const images: string[] = [];
    // Each document opened once for all its pages.
    for (const bytes of new Set(pages.map((p) => p.bytes))) {
      await withPdf(bytes, async (doc) => {
        for (const ref of pages.filter((p) => p.bytes === bytes)) {
          const image = await withPage(doc, ref.page, (page) => renderPage(doc, page, ref.scale));
          const file = path.join(dir, `page-${images.length}.pgm`);
          await writeFile(file, pgm(image));
          images.push(file);
        }
      });
    }
    const ms: number[] = [];
    for (const image of images) ms.push(await tesseract(image));
    return ms;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Binary PGM: Leptonica reads it directly, so no encoder sits between the render and Tesseract. */
const pgm = (image: GrayImage): Buffer =>
  Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii'), Buffer.from(image.data)]);

function tesseract(image: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('tesseract', [image, 'stdout', '-l', 'chi_sim'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`tesseract ${image} exited with code ${code}: ${stderr.trim()}`)),
    );
  });
}
