/** An 8-bit greyscale raster, row-major, 0 = black. The one image type OCR code passes around. */
export type GrayImage = { width: number; height: number; data: Uint8Array };

export function grayFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) {
    // Transparent pixels are paper: pdf.js leaves unpainted areas transparent.
    const a = rgba[i + 3]! / 255;
    const luma = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
    data[j] = Math.round(luma * a + 255 * (1 - a));
  }
  return { width, height, data };
}

export function crop(image: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
  const left = clamp(Math.floor(x0), 0, image.width), right = clamp(Math.ceil(x1), left, image.width);
  const top = clamp(Math.floor(y0), 0, image.height), bottom = clamp(Math.ceil(y1), top, image.height);
  const width = right - left, height = bottom - top;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((top + y) * image.width + left, (top + y) * image.width + right), y * width);
  return { width, height, data };
}

/** Rotation by a multiple of 90° clockwise. */
export function rotateQuarter(image: GrayImage, quarters: number): GrayImage {
  const q = ((quarters % 4) + 4) % 4;
  if (q === 0) return image;
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  const W = q === 2 ? w : h, H = q === 2 ? h : w;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [nx, ny] = q === 1 ? [h - 1 - y, x] : q === 2 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      out[ny * W + nx] = data[y * w + x]!;
    }
  }
  return { width: W, height: H, data: out };
}

/** Rotation by a small angle (degrees, clockwise) about the centre, bilinear, paper-white outside. */
export function rotateSmall(image: GrayImage, degrees: number): GrayImage {
  if (Math.abs(degrees) < 0.05) return image;
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  const a = (-degrees * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
  const cx = w / 2, cy = h / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = cos * (x - cx) - sin * (y - cy) + cx;
      const sy = sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0, fy = sy - y0, i = y0 * w + x0;
      const top = data[i]! * (1 - fx) + data[i + 1]! * fx;
      const bottom = data[i + w]! * (1 - fx) + data[i + w + 1]! * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, data: out };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
