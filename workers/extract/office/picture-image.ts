import { createCanvas, loadImage } from '@napi-rs/canvas';
import { grayFromRgba } from '../../ocr/gray-image.ts';
import type { DecodedBitmap } from './dib.ts';
import { MAX_BITMAP_PIXELS } from './dib.ts';
import { compositeBitmap, readMetafile, type Metafile } from './metafile.ts';

/** Characters of text a metafile with bitmaps must draw to be read as text rather than by OCR. */
const MIN_VECTOR_CHARS = 20;

/** A picture from inside a document: pixels to OCR, or the text a vector metafile draws (no OCR needed). */
export type Picture = { kind: 'bitmap'; bitmap: DecodedBitmap } | { kind: 'vector'; metafile: Metafile } | { kind: 'none'; why: string };

/**
 * A picture part decoded by what its bytes are: an EMF (the text and strokes it draws, or else its bitmaps as one
 * picture), PNG, JPEG, GIF, BMP or WebP (through @napi-rs/canvas). WMF and the rest are named, not read.
 */
export async function decodePicture(bytes: Uint8Array): Promise<Picture> {
  const head = bytes.subarray(0, 44);
  if (head.length >= 44 && head[0] === 1 && head[1] === 0 && head[2] === 0 && head[3] === 0 && head[40] === 0x20 && head[41] === 0x45 && head[42] === 0x4d && head[43] === 0x46) {
    const metafile = readMetafile(bytes);
    // Text drawn as text beats OCR; a bitmap with a caption or two drawn over it is still a picture to OCR.
    const chars = metafile.texts.reduce((n, t) => n + t.text.replace(/\s/g, '').length, 0);
    if (metafile.texts.length && (!metafile.bitmaps.length || chars >= MIN_VECTOR_CHARS)) return { kind: 'vector', metafile };
    const bitmap = compositeBitmap(metafile.bitmaps);
    if (bitmap) return { kind: 'bitmap', bitmap };
    return { kind: 'none', why: 'an EMF picture with neither a bitmap nor text in it' };
  }
  if ((head[0] === 0xd7 && head[1] === 0xcd && head[2] === 0xc6 && head[3] === 0x9a) || (head[0] === 1 && head[1] === 0 && head[2] === 9 && head[3] === 0)) {
    return { kind: 'none', why: 'a WMF picture (Windows 3 metafile), which is not read' };
  }
  const image = await loadImage(Buffer.from(bytes)).catch(() => null);
  if (!image || !image.width || !image.height) return { kind: 'none', why: 'a picture in a format that could not be decoded' };
  if (image.width * image.height > MAX_BITMAP_PIXELS) return { kind: 'none', why: `a picture of ${image.width} × ${image.height} pixels, over the ${MAX_BITMAP_PIXELS / 1e6} megapixels decoded` };
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, image.width, image.height).data;
  return { kind: 'bitmap', bitmap: { image: grayFromRgba(rgba, image.width, image.height), dpi: 0 } };
}
