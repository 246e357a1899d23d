import type { BBox } from '../../schemas/index.ts';
import type { GrayImage } from './gray-image.ts';

/** PP-OCR's recognition models read lines scaled to this height. */
export const REC_HEIGHT = 48;
/** Wider lines are squeezed: a run costs time in proportion to width, and blocks the thread while it lasts. */
export const REC_MAX_WIDTH = 4096;

/**
 * The recognition model's input for one line: `box` of the image with what surrounds it (`marginX` pixels
 * left and right, `marginY` above and below; white beyond the image), scaled to REC_HEIGHT keeping its aspect ratio, grey
 * copied to the three channels, values (v/255 − 0.5)/0.5, laid out [1, 3, REC_HEIGHT, width].
 */
export function recognitionInput(image: GrayImage, box: BBox, marginX: number, marginY: number): { data: Float32Array; width: number } {
  const [bx0, by0, bx1, by1] = box;
  const x0 = bx0 - marginX, y0 = by0 - marginY, w = bx1 - bx0 + 2 * marginX, h = by1 - by0 + 2 * marginY;
  const width = Math.min(REC_MAX_WIDTH, Math.max(REC_HEIGHT / 3, Math.round((w * REC_HEIGHT) / h)));
  const pixel = (x: number, y: number) => {
    const sx = x + x0, sy = y + y0;
    return sx < 0 || sy < 0 || sx >= image.width || sy >= image.height ? 255 : image.data[sy * image.width + sx]!;
  };
  // Separable resampling: rows first, then columns.
  const across = weights(w, width), down = weights(h, REC_HEIGHT);
  const rows = new Float32Array(h * width);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < width; x++) {
      const { from, w: ws } = across[x]!;
      let v = 0;
      for (let k = 0; k < ws.length; k++) v += ws[k]! * pixel(from + k, y);
      rows[y * width + x] = v;
    }
  }
  const plane = REC_HEIGHT * width;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < REC_HEIGHT; y++) {
    const { from, w: ws } = down[y]!;
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let k = 0; k < ws.length; k++) v += ws[k]! * rows[(from + k) * width + x]!;
      const value = (v / 255 - 0.5) / 0.5;
      data[y * width + x] = value;
      data[plane + y * width + x] = value;
      data[2 * plane + y * width + x] = value;
    }
  }
  return { data, width };
}

/**
 * Resampling weights from `n` source pixels to `m`: linear interpolation when enlarging, the average of the
 * covered source pixels (area) when shrinking, so thin strokes are not skipped.
 */
function weights(n: number, m: number): { from: number; w: number[] }[] {
  const s = n / m;
  return Array.from({ length: m }, (_, i) => {
    if (s <= 1) {
      const c = Math.min(n - 1, Math.max(0, (i + 0.5) * s - 0.5));
      const from = Math.min(Math.floor(c), Math.max(0, n - 2)), f = c - from;
      return n === 1 ? { from: 0, w: [1] } : { from, w: [1 - f, f] };
    }
    const start = i * s, end = (i + 1) * s;
    const from = Math.floor(start), to = Math.min(n, Math.ceil(end));
    const w: number[] = [];
    for (let k = from; k < to; k++) w.push((Math.min(end, k + 1) - Math.max(start, k)) / s);
    return { from, w };
  });
}

