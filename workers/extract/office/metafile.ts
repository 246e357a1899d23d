import type { TextItem } from '../../../schemas/index.ts';
import { decodeDib, type DecodedBitmap } from './dib.ts';

const EMR_HEADER = 1, EMR_EOF = 14, EMR_BITBLT = 76, EMR_STRETCHBLT = 77, EMR_SETDIBITSTODEVICE = 80, EMR_STRETCHDIBITS = 81, EMR_EXTTEXTOUTW = 84;
/** Records read at most from one metafile. */
const MAX_RECORDS = 1_000_000;

/** What an EMF holds that can be read: its largest bitmap, and its text drawn as text, with positions. */
export type Metafile = { bitmap: DecodedBitmap | null; texts: { text: string; x: number; y: number }[]; bounds: [number, number, number, number] };

/**
 * The records of an Enhanced Metafile (EMF) that carry content: the bitmaps it paints (EMR_STRETCHDIBITS,
 * EMR_BITBLT, EMR_STRETCHBLT, EMR_SETDIBITSTODEVICE: a form pasted from a scanner is one bitmap wrapped in an
 * EMF), and its text (EMR_EXTTEXTOUTW: UTF-16 strings at reference points in logical units), which beats OCR.
 */
export function readMetafile(bytes: Uint8Array): Metafile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 88 || view.getUint32(0, true) !== EMR_HEADER || view.getUint32(40, true) !== 0x464d4520) throw new Error('not an EMF picture');
  const bounds: Metafile['bounds'] = [view.getInt32(8, true), view.getInt32(12, true), view.getInt32(16, true), view.getInt32(20, true)];
  let bitmap: DecodedBitmap | null = null;
  const texts: Metafile['texts'] = [];
  for (let at = 0, n = 0; at + 8 <= bytes.byteLength && n < MAX_RECORDS; n++) {
    const type = view.getUint32(at, true), size = view.getUint32(at + 4, true);
    if (size < 8 || at + size > bytes.byteLength) break;
    const bits = bitmapOf(view, type, at);
    if (bits && bits.header > 0 && bits.bitsLength > 0) {
      const decoded = decodeDib(bytes, at + bits.header, at + bits.bits, bits.bitsLength);
      if (!bitmap || decoded.image.width * decoded.image.height > bitmap.image.width * bitmap.image.height) bitmap = decoded;
    }
    if (type === EMR_EXTTEXTOUTW && size >= 76) {
      // EMRTEXT after bounds (16), graphics mode (4), scales (8): reference point, chars, offset to the string.
      const text = at + 36;
      const x = view.getInt32(text, true), y = view.getInt32(text + 4, true);
      const chars = view.getUint32(text + 8, true), offString = view.getUint32(text + 12, true);
      if (chars > 0 && offString + 2 * chars <= size) {
        const s = new TextDecoder('utf-16le').decode(bytes.subarray(at + offString, at + offString + 2 * chars));
        if (s.trim()) texts.push({ text: s, x, y });
      }
    }
    if (type === EMR_EOF) break;
    at += size;
  }
  return { bitmap, texts, bounds };
}

/** Offsets (from the record's start) of the bitmap header and bits in the records that paint one. */
function bitmapOf(view: DataView, type: number, at: number): { header: number; bits: number; bitsLength: number } | null {
  switch (type) {
    case EMR_STRETCHDIBITS: // bounds 16, xDest..cySrc 24, then offBmiSrc, cbBmiSrc, offBitsSrc, cbBitsSrc
      return { header: view.getUint32(at + 48, true), bits: view.getUint32(at + 56, true), bitsLength: view.getUint32(at + 60, true) };
    case EMR_SETDIBITSTODEVICE: // bounds 16, xDest..cySrc 24, offBmiSrc 48…
      return { header: view.getUint32(at + 48, true), bits: view.getUint32(at + 56, true), bitsLength: view.getUint32(at + 60, true) };
    case EMR_BITBLT: // bounds 16, xDest..cyDest 16, rop 4, xSrc ySrc 8, xform 24, bk colour 4, usage 4, offBmiSrc 84…
      return { header: view.getUint32(at + 84, true), bits: view.getUint32(at + 92, true), bitsLength: view.getUint32(at + 96, true) };
    case EMR_STRETCHBLT: // as BITBLT
      return { header: view.getUint32(at + 84, true), bits: view.getUint32(at + 92, true), bitsLength: view.getUint32(at + 96, true) };
    default:
      return null;
  }
}

export type { TextItem };
