import type { BBox, ExtractedPage } from '../../schemas/index.ts';

export type OcrDecision =
  | { kind: 'none' }
  | { kind: 'page'; reason: 'no-text' | 'garbage-text' | 'invisible-text' }
  | { kind: 'regions'; reason: 'pasted-image'; boxes: BBox[] };

/** Pictures smaller than this share of the page (logos, stamps, signatures) are not pasted content. */
const PASTED_SHARE = 0.08;

/**
 * The one place that decides what of a page must be read by OCR:
 * - no text layer but a picture over most of the page: a scan;
 * - a text layer of private-use, control or replacement characters: fonts without a usable ToUnicode map;
 * - only invisible text: the OCR layer of a scanned PDF, which is read again, table-aware;
 * - a picture with no text over it inside an otherwise digital page: a form pasted in as an image
 *   (OCR just that region, keep the digital text around it).
 */
export function needsOcr(page: ExtractedPage): OcrDecision {
  const { facts } = page;
  if (facts.textChars >= 10 && facts.garbageRatio >= 0.1) return { kind: 'page', reason: 'garbage-text' };
  if (facts.invisibleText && facts.imageCoverage >= 0.5) return { kind: 'page', reason: 'invisible-text' };
  if (facts.textChars < 10 && facts.imageCoverage >= 0.5) return { kind: 'page', reason: 'no-text' };
  const area = page.width * page.height;
  const boxes = facts.imageBoxes.filter((box) => boxArea(box) / area >= PASTED_SHARE && textInside(page, box) < 10);
  return boxes.length ? { kind: 'regions', reason: 'pasted-image', boxes } : { kind: 'none' };
}

function textInside(page: ExtractedPage, [x0, y0, x1, y1]: BBox): number {
  return page.items
    .filter(({ bbox }) => (bbox[0] + bbox[2]) / 2 >= x0 && (bbox[0] + bbox[2]) / 2 <= x1 && (bbox[1] + bbox[3]) / 2 >= y0 && (bbox[1] + bbox[3]) / 2 <= y1)
    .reduce((n, i) => n + i.text.replace(/\s/g, '').length, 0);
}

const boxArea = ([x0, y0, x1, y1]: BBox): number => Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
