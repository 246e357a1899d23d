import type { GrayImage } from './gray-image.ts';

const BLOCK = 24;

/**
 * Evens out the paper: each pixel divided by the local paper brightness (the brightest pixel of its
 * neighbourhood, smoothed). Scanner-lid shadows, yellowed edges and uneven lighting become white, while
 * thin ink (text, ruling lines) stays dark relative to the paper around it.
 */
export function flattenBackground(image: GrayImage): GrayImage {
  const { width: w, height: h, data } = image;
  const bw = Math.ceil(w / BLOCK), bh = Math.ceil(h / BLOCK);
  const peak = new Float64Array(bw * bh);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const b = Math.floor(y / BLOCK) * bw + Math.floor(x / BLOCK);
      if (data[y * w + x]! > peak[b]!) peak[b] = data[y * w + x]!;
    }
  }
  // A block of solid ink (inside a thick character) has no paper in it: take its neighbours' brightest.
  const paper = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let best = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const ny = by + dy, nx = bx + dx;
        if (ny >= 0 && ny < bh && nx >= 0 && nx < bw) best = Math.max(best, peak[ny * bw + nx]!);
      }
      paper[by * bw + bx] = Math.max(best, 1);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y - BLOCK / 2) / BLOCK));
    const y0 = Math.floor(fy), y1 = Math.min(bh - 1, y0 + 1), ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x - BLOCK / 2) / BLOCK));
      const x0 = Math.floor(fx), x1 = Math.min(bw - 1, x0 + 1), tx = fx - x0;
      const p = (paper[y0 * bw + x0]! * (1 - tx) + paper[y0 * bw + x1]! * tx) * (1 - ty)
        + (paper[y1 * bw + x0]! * (1 - tx) + paper[y1 * bw + x1]! * tx) * ty;
      out[y * w + x] = Math.min(255, Math.round((data[y * w + x]! * 255) / p));
    }
  }
  return { width: w, height: h, data: out };
}
