import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { BBox, DocumentId } from '../../schemas/index.ts';
import { errorMessage } from '../../workers/errors.ts';
import type { ExtractPool } from '../../workers/extract/extract-pool.ts';
import type { Store } from '../store/store.ts';
import { HttpProblem, notFound } from './problem.ts';

/** Pages are shown at 2 pixels a point (144 dpi): cells stay legible in a crop. */
const SCALE = 2;
/** A shown page is at most this many pixels; a larger one is drawn at a lower scale (a page as big as a poster). */
const MAX_PIXELS = 16_000_000;
/** Room around an evidence cell in a crop (points), so its neighbours say what it is. */
const MARGIN = 12;

/**
 * Rendered pages and evidence crops as PNG, cached on disk (a page is drawn once however often it is asked for).
 * Drawing happens one page at a time, in a child process with the extraction's time and memory limits: a
 * reviewer's clicks must not pile renderers up in memory, and a page that breaks pdf.js or the canvas must not
 * take the server down.
 */
export function createPageImages(store: Store, cacheDir: string, render: ExtractPool['render']) {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function cached(file: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const hit = await readFile(file).catch(() => null);
    if (hit) return hit;
    const png = await oneAtATime(make);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, png);
    await rename(temporary, file);
    return png;
  }

  /** A page's PNG and its pixels per point (kept beside the PNG: a large page is drawn at a lower scale). */
  async function page(id: DocumentId, number: number): Promise<{ png: Buffer; scale: number }> {
    const info = await store.getDocument(id);
    if (!info) throw notFound(`no document ${id} in the store`);
    if (info.pageCount !== null && (number < 1 || number > info.pageCount)) throw notFound(`document ${id} has ${info.pageCount} pages, not ${number}`);
    const base = path.join(cacheDir, id, `p${number}`);
    let scale = SCALE;
    const png = await cached(`${base}.png`, async () => {
      const drawn = await render(await store.readBytes(id), number, { scale: SCALE, maxPixels: MAX_PIXELS }).catch((error: unknown) => {
        throw new HttpProblem(422, 'Unprocessable Content', `page ${number} of document ${id} cannot be drawn: ${errorMessage(error)}`);
      });
      scale = drawn.scale;
      await mkdir(path.dirname(base), { recursive: true });
      await writeFile(`${base}.scale`, String(scale));
      return Buffer.from(drawn.png);
    });
    const stored = Number(await readFile(`${base}.scale`, 'utf8').catch(() => ''));
    return { png, scale: stored > 0 ? stored : scale };
  }

  return {
    page: async (id: DocumentId, number: number): Promise<Buffer> => (await page(id, number)).png,
    /** The box (page points) with a margin, cut from the rendered page, the box itself outlined. */
    crop: async (id: DocumentId, number: number, box: BBox): Promise<Buffer> => {
      const [x0, y0, x1, y1] = box;
      if (!(x1 > x0 && y1 > y0)) throw new HttpProblem(400, 'Bad Request', 'bbox is x0,y0,x1,y1 in points with x0 < x1 and y0 < y1');
      const key = box.map((v) => Math.round(v * 10)).join('_');
      const { png, scale } = await page(id, number);
      return cached(path.join(cacheDir, id, `p${number}-${key}.png`), async () => {
        const image = await loadImage(png);
        const left = Math.max(0, Math.floor((x0 - MARGIN) * scale)), top = Math.max(0, Math.floor((y0 - MARGIN) * scale));
        const right = Math.min(image.width, Math.ceil((x1 + MARGIN) * scale)), bottom = Math.min(image.height, Math.ceil((y1 + MARGIN) * scale));
        if (right <= left || bottom <= top) throw new HttpProblem(400, 'Bad Request', `bbox ${box.join(',')} lies outside page ${number}`);
        const canvas = createCanvas(right - left, bottom - top);
        const context = canvas.getContext('2d');
        context.drawImage(image, left, top, right - left, bottom - top, 0, 0, right - left, bottom - top);
        context.strokeStyle = '#d0021b';
        context.lineWidth = 2;
        context.strokeRect((x0 * scale) - left, (y0 * scale) - top, (x1 - x0) * scale, (y1 - y0) * scale);
        return canvas.encode('png');
      });
    },
  };
}

export type PageImages = ReturnType<typeof createPageImages>;
