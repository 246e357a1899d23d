import { PermanentError } from '../errors.ts';
import { drawPage } from '../ocr/render-page.ts';
import { withPage, withPdf } from './pdf.ts';

/**
 * One page drawn as PNG on white at `scale` pixels a point, or lower where the page would exceed `maxPixels`
 * (a page as big as a poster): the scale used is returned with it, so boxes in points can be placed on it.
 */
export async function renderPagePng(bytes: Uint8Array, number: number, options: { scale: number; maxPixels: number }): Promise<{ png: Uint8Array; scale: number }> {
  return withPdf(bytes, async (doc) => {
    if (number < 1 || number > doc.numPages) throw new PermanentError(`the document has ${doc.numPages} pages, not ${number}`);
    return withPage(doc, number, async (page) => {
      const { width, height } = page.getViewport({ scale: 1 });
      const scale = Math.min(options.scale, Math.sqrt(options.maxPixels / (width * height)));
      // The canvas is @napi-rs/canvas's, which encodes itself.
      const png = await drawPage(doc, page, scale, (canvas) => (canvas as { encode: (format: 'png') => Promise<Buffer> }).encode('png'));
      return { png: new Uint8Array(png), scale };
    });
  });
}
