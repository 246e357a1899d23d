import type { GrayImage } from '../../ocr/gray-image.ts';
import { decodeDib, type DecodedBitmap } from './dib.ts';

const EMR = {
  HEADER: 1, POLYGON: 3, POLYLINE: 4, EOF: 14, SETTEXTALIGN: 22, MOVETOEX: 27, SELECTOBJECT: 37, RECTANGLE: 43,
  LINETO: 54, BITBLT: 76, STRETCHBLT: 77, SETDIBITSTODEVICE: 80, STRETCHDIBITS: 81, EXTCREATEFONTINDIRECTW: 82, EXTTEXTOUTW: 84,
  POLYGON16: 86, POLYLINE16: 87, POLYLINETO16: 89, POLYPOLYLINE16: 90, POLYPOLYGON16: 91,
} as const;
/** Records read at most from one metafile. */
const MAX_RECORDS = 1_000_000;
/** Text alignment flags of SETTEXTALIGN. */
const TA_RIGHT = 2, TA_CENTER = 6, TA_BOTTOM = 8, TA_BASELINE = 24;

/** A string drawn as text, its box in the metafile's logical units (top-left origin, y down). */
export type MetafileText = { text: string; box: [number, number, number, number]; height: number };
/** A straight stroke, in logical units. */
export type MetafileSegment = [number, number, number, number];
/** A bitmap painted into a rectangle of logical units. */
export type PlacedBitmap = { bitmap: DecodedBitmap; dest: [number, number, number, number] };

/** What an EMF holds that can be read: its bitmaps, its text drawn as text and its strokes, with positions. */
export type Metafile = { bitmaps: PlacedBitmap[]; texts: MetafileText[]; segments: MetafileSegment[]; frameMm: [number, number] };

/**
 * The records of an Enhanced Metafile (EMF) that carry content: the bitmaps it paints (EMR_STRETCHDIBITS,
 * EMR_BITBLT, EMR_STRETCHBLT, EMR_SETDIBITSTODEVICE: a form pasted from a scanner is a bitmap wrapped in an EMF,
 * sometimes cut in bands), its text (EMR_EXTTEXTOUTW: UTF-16 strings at reference points, with the selected font's
 * height and the advances of the characters) and its strokes (lines, polylines, polygons, rectangles: a table's
 * rules), all in logical units, which a page reads as a PDF's text layer and ruling, better than OCR.
 */
export function readMetafile(bytes: Uint8Array): Metafile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 88 || view.getUint32(0, true) !== EMR.HEADER || view.getUint32(40, true) !== 0x464d4520) throw new Error('not an EMF picture');
  const frameMm: [number, number] = [(view.getInt32(32, true) - view.getInt32(24, true)) / 100, (view.getInt32(36, true) - view.getInt32(28, true)) / 100];
  const bitmaps: PlacedBitmap[] = [];
  const texts: MetafileText[] = [];
  const segments: MetafileSegment[] = [];
  const fonts = new Map<number, number>();
  let fontHeight = 12, align = 0, x = 0, y = 0;
  const int = (at: number) => view.getInt32(at, true);
  const short = (at: number) => view.getInt16(at, true);
  const polyline = (points: [number, number][], closed: boolean) => {
    for (let k = 1; k < points.length; k++) segments.push([...points[k - 1]!, ...points[k]!]);
    if (closed && points.length > 2) segments.push([...points.at(-1)!, ...points[0]!]);
  };
  for (let at = 0, n = 0; at + 8 <= bytes.byteLength && n < MAX_RECORDS; n++) {
    const type = view.getUint32(at, true), size = view.getUint32(at + 4, true);
    if (size < 8 || at + size > bytes.byteLength) break;
    const end = at + size;
    switch (type) {
      case EMR.STRETCHDIBITS: case EMR.SETDIBITSTODEVICE: case EMR.BITBLT: case EMR.STRETCHBLT: {
        const placed = bitmapOf(view, type, at);
        if (placed && placed.header > 0 && placed.bitsLength > 0 && at + placed.bits + placed.bitsLength <= end) {
          bitmaps.push({ bitmap: decodeDib(bytes, at + placed.header, at + placed.bits, placed.bitsLength), dest: placed.dest });
        }
        break;
      }
      case EMR.EXTCREATEFONTINDIRECTW:
        if (size >= 16) fonts.set(view.getUint32(at + 8, true), Math.abs(int(at + 12)) || 12);
        break;
      case EMR.SELECTOBJECT: {
        const height = fonts.get(view.getUint32(at + 8, true));
        if (height !== undefined) fontHeight = height;
        break;
      }
      case EMR.SETTEXTALIGN:
        align = view.getUint32(at + 8, true);
        break;
      case EMR.MOVETOEX:
        [x, y] = [int(at + 8), int(at + 12)];
        break;
      case EMR.LINETO: {
        const [nx, ny] = [int(at + 8), int(at + 12)];
        segments.push([x, y, nx, ny]);
        [x, y] = [nx, ny];
        break;
      }
      case EMR.RECTANGLE: {
        const [l, t, r, b] = [int(at + 8), int(at + 12), int(at + 16), int(at + 20)];
        polyline([[l, t], [r, t], [r, b], [l, b]], true);
        break;
      }
      case EMR.POLYLINE16: case EMR.POLYGON16: case EMR.POLYLINETO16: {
        const count = view.getUint32(at + 24, true);
        if (28 + 4 * count > size) break;
        const points = Array.from({ length: count }, (_, k): [number, number] => [short(at + 28 + 4 * k), short(at + 30 + 4 * k)]);
        if (type === EMR.POLYLINETO16) points.unshift([x, y]);
        polyline(points, type === EMR.POLYGON16);
        if (points.length) [x, y] = points.at(-1)!;
        break;
      }
      case EMR.POLYLINE: case EMR.POLYGON: {
        const count = view.getUint32(at + 24, true);
        if (28 + 8 * count > size) break;
        polyline(Array.from({ length: count }, (_, k): [number, number] => [int(at + 28 + 8 * k), int(at + 32 + 8 * k)]), type === EMR.POLYGON);
        break;
      }
      case EMR.POLYPOLYLINE16: case EMR.POLYPOLYGON16: {
        const polys = view.getUint32(at + 24, true), total = view.getUint32(at + 28, true);
        if (32 + 4 * polys + 4 * total > size) break;
        let p = at + 32 + 4 * polys;
        for (let k = 0; k < polys; k++) {
          const count = view.getUint32(at + 32 + 4 * k, true);
          polyline(Array.from({ length: count }, (_, i): [number, number] => [short(p + 4 * i), short(p + 2 + 4 * i)]), type === EMR.POLYPOLYGON16);
          p += 4 * count;
        }
        break;
      }
      case EMR.EXTTEXTOUTW: {
        if (size < 76) break;
        // EMRTEXT after bounds, graphics mode and scales: reference point, characters, string and advances' offsets.
        const [rx, ry] = [int(at + 36), int(at + 40)];
        const chars = view.getUint32(at + 44, true), offString = view.getUint32(at + 48, true), offDx = view.getUint32(at + 72, true);
        if (chars === 0 || offString + 2 * chars > size) break;
        const text = new TextDecoder('utf-16le').decode(bytes.subarray(at + offString, at + offString + 2 * chars));
        if (!text.trim()) break;
        let width = 0;
        if (offDx > 0 && offDx + 4 * chars <= size) for (let k = 0; k < chars; k++) width += int(at + offDx + 4 * k);
        else width = chars * fontHeight;
        const left = (align & TA_CENTER) === TA_CENTER ? rx - width / 2 : align & TA_RIGHT ? rx - width : rx;
        const top = (align & TA_BASELINE) === TA_BASELINE ? ry - 0.86 * fontHeight : align & TA_BOTTOM ? ry - fontHeight : ry;
        texts.push({ text, box: [left, top, left + width, top + fontHeight], height: fontHeight });
        break;
      }
      default:
        break;
    }
    if (type === EMR.EOF) break;
    at = end;
  }
  return { bitmaps, texts, segments, frameMm };
}

/** Offsets (from the record's start) of the bitmap header and bits, and the destination rectangle, of a painting record. */
function bitmapOf(view: DataView, type: number, at: number): { header: number; bits: number; bitsLength: number; dest: [number, number, number, number] } | null {
  const int = (o: number) => view.getInt32(at + o, true);
  const u = (o: number) => view.getUint32(at + o, true);
  switch (type) {
    case EMR.STRETCHDIBITS: // xDest yDest xSrc ySrc cxSrc cySrc offBmi cbBmi offBits cbBits usage rop cxDest cyDest
      return { header: u(48), bits: u(56), bitsLength: u(60), dest: [int(24), int(28), int(24) + int(72), int(28) + int(76)] };
    case EMR.SETDIBITSTODEVICE: // xDest yDest xSrc ySrc cxSrc cySrc offBmi…
      return { header: u(48), bits: u(56), bitsLength: u(60), dest: [int(24), int(28), int(24) + int(40), int(28) + int(44)] };
    case EMR.BITBLT: case EMR.STRETCHBLT: // xDest yDest cxDest cyDest rop xSrc ySrc xform(24) bk usage offBmi cbBmi offBits cbBits
      return { header: u(84), bits: u(92), bitsLength: u(96), dest: [int(24), int(28), int(24) + int(32), int(28) + int(36)] };
    default:
      return null;
  }
}

/**
 * The metafile's bitmaps as one picture: a single bitmap as it is; bands of one picture painted side by side or
 * one under another put together where their destinations say, at the finest resolution among them.
 */
export function compositeBitmap(bitmaps: readonly PlacedBitmap[]): DecodedBitmap | null {
  if (bitmaps.length <= 1) return bitmaps[0]?.bitmap ?? null;
  const dest = bitmaps.map((b) => normalise(b.dest));
  const [x0, y0] = [Math.min(...dest.map((d) => d[0])), Math.min(...dest.map((d) => d[1]))];
  const [x1, y1] = [Math.max(...dest.map((d) => d[2])), Math.max(...dest.map((d) => d[3]))];
  const scale = Math.max(...bitmaps.map((b, i) => b.bitmap.image.width / Math.max(1, dest[i]![2] - dest[i]![0])));
  const width = Math.round((x1 - x0) * scale), height = Math.round((y1 - y0) * scale);
  if (!(width > 0 && height > 0) || width * height > 80e6) return bitmaps.reduce((a, b) => (b.bitmap.image.width * b.bitmap.image.height > a.bitmap.image.width * a.bitmap.image.height ? b : a)).bitmap;
  const out: GrayImage = { width, height, data: new Uint8Array(width * height).fill(255) };
  bitmaps.forEach(({ bitmap: { image } }, i) => {
    const [dx0, dy0, dx1, dy1] = dest[i]!.map((v, k) => Math.round((v - (k % 2 ? y0 : x0)) * scale));
    for (let y = dy0!; y < dy1! && y < height; y++) {
      const sy = Math.min(image.height - 1, Math.floor(((y - dy0!) * image.height) / Math.max(1, dy1! - dy0!)));
      for (let x = dx0!; x < dx1! && x < width; x++) {
        const sx = Math.min(image.width - 1, Math.floor(((x - dx0!) * image.width) / Math.max(1, dx1! - dx0!)));
        out.data[y * width + x] = image.data[sy * image.width + sx]!;
      }
    }
  });
  return { image: out, dpi: Math.round(Math.max(...bitmaps.map((b) => b.bitmap.dpi)) || 0) };
}

const normalise = ([a, b, c, d]: [number, number, number, number]): [number, number, number, number] => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
