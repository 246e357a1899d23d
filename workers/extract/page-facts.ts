import type { BBox, PageFacts, TextItem } from '../../schemas/index.ts';

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
// Private-use, replacement, C0/C1 controls: what a font without a usable ToUnicode map decodes to.
const GARBAGE = /[\ue000-\uf8ff\ufffd\u0000-\u0008\u000e-\u001f\u007f-\u009f]/u;
/** Images smaller than this share of the page (logos, stamps) do not count as pasted content. */
const SIGNIFICANT_IMAGE = 0.03;

/** Counts the OCR decision (a later stage) reads: how much text, how much of it garbage, how much image. */
export function pageFacts(items: TextItem[], images: BBox[], invisibleText: boolean, width: number, height: number): PageFacts {
  let chars = 0, garbage = 0, cjk = 0;
  for (const item of items) {
    for (const ch of item.text) {
      if (/\s/u.test(ch)) continue;
      chars++;
      if (GARBAGE.test(ch)) garbage++;
      else if (CJK.test(ch)) cjk++;
    }
  }
  const area = width * height;
  const imageBoxes = images.map((b) => clip(b, width, height)).filter((b) => boxArea(b) / area >= SIGNIFICANT_IMAGE);
  const imageCoverage = Math.min(1, Math.max(0, ...imageBoxes.map((b) => boxArea(b) / area)));
  return {
    textChars: chars,
    garbageRatio: chars ? garbage / chars : 0,
    cjkRatio: chars ? cjk / chars : 0,
    imageCoverage,
    imageBoxes,
    invisibleText,
  };
}

const boxArea = ([x0, y0, x1, y1]: BBox): number => Math.max(0, x1 - x0) * Math.max(0, y1 - y0);

const clip = ([x0, y0, x1, y1]: BBox, w: number, h: number): BBox => [
  Math.max(0, x0), Math.max(0, y0), Math.min(w, x1), Math.min(h, y1),
];
