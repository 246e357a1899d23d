import type { GrayImage } from '../../ocr/gray-image.ts';

/** A device-independent bitmap decoded grey, with the resolution it states (0 when it states none). */
export type DecodedBitmap = { image: GrayImage; dpi: number };

const BI_RGB = 0, BI_RLE8 = 1, BI_RLE4 = 2, BI_BITFIELDS = 3;
/** Pixels decoded at most from one bitmap (a 600-dpi A3 page is 70 M): past it the picture is refused. */
export const MAX_BITMAP_PIXELS = 80e6;

/**
 * A DIB as Windows metafiles and clipboard pictures carry it: a BITMAPINFOHEADER (or a later, larger header),
 * its colour table, and the pixels, bottom-up unless the height is negative; 1, 4, 8, 16, 24 and 32 bits a pixel,
 * uncompressed or RLE8/RLE4. Colours become grey by luma. Throws on what it does not know (JPEG/PNG inside a
 * DIB), or on sizes that do not fit the bytes.
 */
export function decodeDib(bytes: Uint8Array, header: number, bits: number, bitsLength: number): DecodedBitmap {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(header, true);
  if (headerSize < 40) throw new Error(`a bitmap header of ${headerSize} bytes (OS/2 bitmaps are not read)`);
  const width = view.getInt32(header + 4, true);
  const rawHeight = view.getInt32(header + 8, true);
  const bitCount = view.getUint16(header + 14, true);
  const compression = view.getUint32(header + 16, true);
  const xPelsPerMeter = view.getInt32(header + 24, true);
  const clrUsed = view.getUint32(header + 32, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0) throw new Error(`a bitmap of ${width} × ${height} pixels`);
  if (width * height > MAX_BITMAP_PIXELS) throw new Error(`a bitmap of ${width} × ${height} pixels, over the ${MAX_BITMAP_PIXELS / 1e6} megapixels decoded`);
  if (bits + bitsLength > bytes.byteLength) throw new Error('a bitmap cut short');
  const paletteSize = bitCount <= 8 ? clrUsed || 1 << bitCount : 0;
  const paletteAt = header + headerSize + (compression === BI_BITFIELDS && headerSize === 40 ? 12 : 0);
  const palette = new Uint8Array(Math.max(paletteSize, 1));
  for (let i = 0; i < paletteSize; i++) {
    const at = paletteAt + 4 * i;
    palette[i] = at + 2 < bytes.byteLength ? luma(bytes[at + 2]!, bytes[at + 1]!, bytes[at]!) : 255;
  }
  const data = new Uint8Array(width * height).fill(255);
  const put = (x: number, y: number, value: number) => {
    if (x < 0 || x >= width || y < 0 || y >= height) return;
    data[(topDown ? y : height - 1 - y) * width + x] = value;
  };
  const src = bytes.subarray(bits, bits + bitsLength);
  if (compression === BI_RLE8 || compression === BI_RLE4) rle(src, compression === BI_RLE4, (x, y, index) => put(x, y, palette[index] ?? 255));
  else if (compression === BI_RGB || compression === BI_BITFIELDS) {
    const stride = Math.ceil((width * bitCount) / 32) * 4;
    if (stride * height > src.byteLength) throw new Error('a bitmap cut short');
    for (let y = 0; y < height; y++) {
      const row = y * stride;
      for (let x = 0; x < width; x++) put(x, y, pixel(src, row, x, bitCount, palette));
    }
  } else throw new Error(`a bitmap compressed as ${compression === 4 ? 'JPEG' : compression === 5 ? 'PNG' : compression}, which is not decoded`);
  return { image: { width, height, data }, dpi: xPelsPerMeter > 0 ? Math.round(xPelsPerMeter * 0.0254) : 0 };
}

function pixel(src: Uint8Array, row: number, x: number, bitCount: number, palette: Uint8Array): number {
  switch (bitCount) {
    case 1: return palette[(src[row + (x >> 3)]! >> (7 - (x & 7))) & 1]!;
    case 4: return palette[(src[row + (x >> 1)]! >> (x & 1 ? 0 : 4)) & 15]!;
    case 8: return palette[src[row + x]!] ?? 255;
    case 16: {
      const v = src[row + 2 * x]! | (src[row + 2 * x + 1]! << 8);
      return luma(((v >> 10) & 31) * 8.2, ((v >> 5) & 31) * 8.2, (v & 31) * 8.2);
    }
    case 24: return luma(src[row + 3 * x + 2]!, src[row + 3 * x + 1]!, src[row + 3 * x]!);
    case 32: return luma(src[row + 4 * x + 2]!, src[row + 4 * x + 1]!, src[row + 4 * x]!);
    default: throw new Error(`a bitmap of ${bitCount} bits a pixel`);
  }
}

/** Run-length decoding of RLE8/RLE4 (rows counted from the bitmap's first stored row). */
function rle(src: Uint8Array, four: boolean, put: (x: number, y: number, index: number) => void): void {
  let x = 0, y = 0, i = 0;
  while (i + 1 < src.length) {
    const count = src[i++]!, value = src[i++]!;
    if (count > 0) {
      for (let k = 0; k < count; k++) put(x++, y, four ? (k & 1 ? value & 15 : value >> 4) : value);
      continue;
    }
    if (value === 0) { x = 0; y++; }
    else if (value === 1) return;
    else if (value === 2) { x += src[i++] ?? 0; y += src[i++] ?? 0; }
    else {
      const n = value;
      const bytes = four ? Math.ceil(n / 2) : n;
      for (let k = 0; k < n; k++) put(x++, y, four ? (k & 1 ? src[i + (k >> 1)]! & 15 : src[i + (k >> 1)]! >> 4) : src[i + k]!);
      i += bytes + (bytes & 1);
    }
  }
}

const luma = (r: number, g: number, b: number): number => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
