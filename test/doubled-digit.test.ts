import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../workers/ocr/gray-image.ts';
import { withoutDoubledDigit } from '../workers/ocr/cell-marks.ts';

/** A white crop with dark boxes standing for glyphs (one piece of ink each). */
function glyphs(boxes: [number, number, number, number][], width = 120, height = 50): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 30;
  return { width, height, data };
}

const line = (text: string) => [{ text, bbox: [0, 0, 120, 50] as [number, number, number, number], confidence: 0.9 }];

describe('a lone digit read twice', () => {
  it.each([[12, 3], [20, 4], [30, 6]])('is one digit over one piece of ink (glyph %i px wide, stroke %i)', (w, stroke) => {
    // A 7: a bar and a stem that touch, drawn as one piece.
    const seven = glyphs([[40, 10, 40 + w, 10 + stroke], [40 + w - stroke, 10, 40 + w, 40]]);
    expect(withoutDoubledDigit(seven, line('77'))[0]!.text).toBe('7');
  });

  it('stays two digits over two pieces of ink, and leaves other readings alone', () => {
    const two = glyphs([[30, 10, 45, 40], [52, 10, 67, 40]]);
    expect(withoutDoubledDigit(two, line('77'))[0]!.text).toBe('77');
    const one = glyphs([[40, 10, 55, 40]]);
    expect(withoutDoubledDigit(one, line('78'))[0]!.text).toBe('78');
    expect(withoutDoubledDigit(one, line('777'))[0]!.text).toBe('777');
  });
});
