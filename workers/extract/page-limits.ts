/**
 * What one page may cost. Memory outside V8's heap (decoded pictures, canvases) is not covered by a worker
 * V8 heap limit, so it is bounded here, where it is allocated: a hostile file (a 30000 × 30000 picture
 * in 900 KB, a 200-inch page) then costs what an ordinary page costs, and says what it left out.
 */
export type PageLimits = {
  /**
   * Pictures with more pixels than this are not decoded (pdf.js `maxImageSize`) and the page says so. 100 MP is
   * an A3 scan at 600 dpi with room to spare; decoded, such a picture takes 100 MB grey and 400 MB as RGBA.
   */
  maxImagePixels: number;
  /**
   * A page rendered for OCR is rendered at a lower resolution when it would have more pixels than this (an A1
   * sheet at 200 dpi has 31 MP; RGBA at the cap is 160 MB), and not at all below `minRenderDpi`.
   */
  maxRenderPixels: number;
  /** Under this many pixels per inch print is not legible to OCR: the page fails with its size instead. */
  minRenderDpi: number;
  /**
   * Drawing operations per page. A budget page has thousands (tens of thousands with text drawn as paths);
   * millions are hatching, fuzzing or a cycle, and reading their geometry would cost more than the document.
   */
  maxOperators: number;
};

export const PAGE_LIMITS: PageLimits = {
  maxImagePixels: 100_000_000,
  maxRenderPixels: 40_000_000,
  minRenderDpi: 72,
  maxOperators: 2_000_000,
};

/** A page that cannot be read within the limits: recorded on the document with this reason, never dropped silently. */
export class PageTooLargeError extends Error {
  override name = 'PageTooLargeError';
}
