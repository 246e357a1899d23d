import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../workers/ocr/gray-image.ts';
import { withComparatorBars } from '../workers/ocr/comparator-bar.ts';

/** A white crop with thick strokes drawn in it: a comparator at the left, then a block standing for the digits. */
function draw(strokes: [number, number, number, number][], pen: number, width = 160, height = 60): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, x1, y1] of strokes) {
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2);
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps, y = y0 + ((y1 - y0) * s) / steps;
      for (let dy = -pen / 2; dy < pen / 2; dy++) for (let dx = -pen / 2; dx < pen / 2; dx++) {
        const px = Math.round(x + dx), py = Math.round(y + dy);
        if (px >= 0 && py >= 0 && px < width && py < height) data[py * width + px] = 20;
      }
    }
  }
  return { width, height, data };
}

type Shape = { size: number; pen: number };
/** `<` opening right: arms from the top right to the vertex at the left and back down to the bottom right. */
const less = ({ size, pen }: Shape): [number, number, number, number][] => [
  [10 + size * 0.7, 10, 10, 10 + size * 0.4],
  [10, 10 + size * 0.4, 10 + size * 0.7, 10 + size * 0.8],
  ...digits(size, pen),
];
const digits = (size: number, pen: number): [number, number, number, number][] => [[30 + size, 10, 30 + size, 10 + size], [42 + size, 10, 42 + size, 10 + size + pen]];
/** The bar under the lower arm: slanted with it (⩽, Kai and Song faces) or flat (≤). */
const slantedBar = ({ size }: Shape, gap: number): [number, number, number, number] => [10, 10 + size * 0.4 + gap, 10 + size * 0.7, 10 + size * 0.8 + gap];
const flatBar = ({ size }: Shape): [number, number, number, number] => [10, 10 + size, 10 + size * 0.7, 10 + size];
const mirror = (strokes: [number, number, number, number][], size: number): [number, number, number, number][] =>
  strokes.map(([x0, y0, x1, y1], i) => (i < strokes.length - 2 ? [20 + size * 0.7 - x0, y0, 20 + size * 0.7 - x1, y1] : [x0, y0, x1, y1]));

const read = (image: GrayImage, text: string) => withComparatorBars(image, [{ text, bbox: [0, 0, image.width, image.height], confidence: 0.9 }])[0]!.text;

describe('comparator bars the recogniser cannot see', () => {
  const shapes: Shape[] = [{ size: 24, pen: 2 }, { size: 32, pen: 3 }, { size: 40, pen: 4 }];

  it.each(shapes)('gives a slanted bar back to < and > (size $size, pen $pen), apart or run into the arm', (shape) => {
    for (const gap of [shape.pen + 3, shape.pen]) {
      const strokes = [...less(shape).slice(0, 2), slantedBar(shape, gap), ...digits(shape.size, shape.pen)];
      expect(read(draw(strokes, shape.pen), '<62.31')).toBe('≤62.31');
      expect(read(draw(mirror(strokes, shape.size), shape.pen), '>90%')).toBe('≥90%');
    }
  });

  it.each(shapes)('gives a flat bar back (size $size, pen $pen)', (shape) => {
    const strokes = [...less(shape).slice(0, 2), flatBar(shape), ...digits(shape.size, shape.pen)];
    expect(read(draw(strokes, shape.pen), '<30万元')).toBe('≤30万元');
  });

  it.each(shapes)('leaves a real < or > alone (size $size, pen $pen)', (shape) => {
    expect(read(draw(less(shape), shape.pen), '<5')).toBe('<5');
    expect(read(draw(mirror(less(shape), shape.size), shape.pen), '>150.00(家)')).toBe('>150.00(家)');
  });

  it('reads nothing into lines that do not start with a comparator, or spell it out (>=)', () => {
    const shape = { size: 30, pen: 3 };
    expect(read(draw(less(shape), 3), '62.31')).toBe('62.31');
    const equals: [number, number, number, number][] = [[10 + shape.size * 0.75, 14, 10 + shape.size * 1.1, 14], [10 + shape.size * 0.75, 22, 10 + shape.size * 1.1, 22]];
    expect(read(draw([...mirror(less(shape), shape.size).slice(0, 2), ...equals, ...digits(shape.size + 10, 3)], 3), '>=95%')).toBe('>=95%');
  });
});
