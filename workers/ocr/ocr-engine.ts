import type { BBox } from '../../schemas/index.ts';
import type { GrayImage } from './gray-image.ts';

/**
 * A line the engine read, its box in the pixels of the image it was given, confidence 0–1, and the line
 * as read with one doubtful digit taken otherwise (engines that can tell).
 */
export type OcrLine = { text: string; bbox: BBox; confidence: number; alternatives?: string[] };

/**
 * What the pipeline needs of an OCR engine. `line` reads a crop holding one line of text, `block` a crop
 * holding several (a table cell), `sparse` scattered text on a mostly blank page (titles around tables),
 * `number` a short cell read again as a number (digits, `.`, `%`, `分`, `万元`): a second opinion.
 */
export type OcrLayout = 'line' | 'block' | 'sparse' | 'number';

/**
 * The engine itself could not start (its model would not load, its start timed out): not a fault of the page,
 * so the document fails as a whole, transiently, and is tried again, rather than losing every page it OCRs.
 */
export class OcrEngineUnavailable extends Error {
  override name = 'OcrEngineUnavailable';
}

export type OcrEngine = {
  name: string;
  recognize: (image: GrayImage, layout: OcrLayout) => Promise<OcrLine[]>;
  close: () => Promise<void>;
};

/**
 * Engines put spaces between CJK characters that print has none between; keep spaces only between two
 * Latin letters or digits, and drop the border fragments (`|`, `丨`) a cell crop may still hold.
 */
export function cleanOcrText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .replace(/(?<=[^A-Za-z0-9.%]) | (?=[^A-Za-z0-9.%])/g, '')
    .replace(/^[|丨｜\[\]]+|[|丨｜\[\]]+$/g, '')
    .trim();
}
