import type { PDFDocumentProxy, PDFPageProxy } from '../extract/pdf.ts';
import { grayFromRgba, type GrayImage } from './gray-image.ts';

/**
 * Renders a page (as displayed, after /Rotate) at `scale` pixels per point with pdf.js on @napi-rs/canvas,
 * the canvas pdf.js itself resolves in Node, and returns it grey.
 */
export async function renderPage(doc: PDFDocumentProxy, page: PDFPageProxy, scale: number): Promise<GrayImage> {
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width), height = Math.ceil(viewport.height);
  // The document's canvas factory makes canvases of the very copy of @napi-rs/canvas pdf.js draws with.
  const factory = doc.canvasFactory as CanvasFactory;
  const { canvas, context } = factory.create(width, height);
  try {
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    const pixels = context.getImageData(0, 0, width, height);
    return grayFromRgba(pixels.data, width, height);
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
