import type { GrayImage } from './gray-image.ts';
import { INK } from './text-lines.ts';

/**
 * Around the tables no ink runs down this far (points) unbroken: such a run is a rule or a scanner's edge
 * shadow, which would join every text line beside it into one band (titles lost on corpus scan pages).
 */
export const LONG_STROKE = 40;

/** The image with every vertical run of ink longer than `maxRun` pixels painted paper. */
export function withoutLongStrokes(image: GrayImage, maxRun: number): GrayImage {
  const { width, height } = image;
  const data = Uint8Array.from(image.data);
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const ink = y < height && data[y * width + x]! < INK;
      if (ink && start < 0) start = y;
      if (!ink && start >= 0) {
        if (y - start > maxRun) for (let k = start; k < y; k++) data[k * width + x] = 255;
        start = -1;
      }
    }
  }
  return { width, height, data };
}
