import type { PDFDocumentProxy, PDFPageProxy } from '../extract/pdf.ts';
import { grayFromRgba, type GrayImage } from './gray-image.ts';

/**
 * Renders a page (as displayed, after /Rotate) at `scale` pixels per point with pdf.js on @napi-rs/canvas,
 * the canvas pdf.js itself resolves in Node, and returns it grey.
 */
export function renderPage(doc: PDFDocumentProxy, page: PDFPageProxy, scale: number): Promise<GrayImage> {
  return drawPage(doc, page, scale, (_canvas, context, width, height) => grayFromRgba(context.getImageData(0, 0, width, height).data, width, height));
}

/** Draws a page on white at `scale` pixels per point and hands the canvas to `take` before it is released. */
export async function drawPage<T>(
  doc: PDFDocumentProxy, page: PDFPageProxy, scale: number,
  take: (canvas: unknown, context: Context2D, width: number, height: number) => T | Promise<T>,
): Promise<T> {
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width), height = Math.ceil(viewport.height);
  // The document's canvas factory makes canvases of the very copy of @napi-rs/canvas pdf.js draws with.
  const factory = doc.canvasFactory as CanvasFactory;
  const { canvas, context } = factory.create(width, height);
  try {
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    return await take(canvas, context, width, height);
  } finally {
    factory.destroy({ canvas, context });
  }
}

type Context2D = {
  fillStyle: string;
  fillRect: (x: number, y: number, w: number, h: number) => void;
  getImageData: (x: number, y: number, w: number, h: number) => { data: Uint8ClampedArray };
};
type CanvasFactory = {
  create: (w: number, h: number) => { canvas: unknown; context: Context2D };
  destroy: (c: { canvas: unknown; context: Context2D }) => void;
};
