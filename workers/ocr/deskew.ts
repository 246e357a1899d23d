import type { GrayImage } from './gray-image.ts';

/**
 * The page's skew in degrees (clockwise positive), from the projection profile of its ink: the angle at
 * which rows of text and ruling lines are most sharply horizontal. Scans lean 0.3–1.5°; ±3° is searched.
 */
export function estimateSkew(image: GrayImage, threshold: number, maxDegrees = 3): number {
  const points = inkSample(image, threshold);
  if (points.length < 100) return 0;
  let best = 0, bestScore = -1;
  const scoreAt = (deg: number) => {
    const a = (deg * Math.PI) / 180, sin = Math.sin(a), cos = Math.cos(a);
    // Bins as wide as the sampling step: finer bins alias at 0°, where every sampled y is even.
    const bins = new Float64Array(image.height + image.width);
    for (let i = 0; i < points.length; i += 2) {
      const y = Math.floor((-points[i]! * sin + points[i + 1]! * cos + image.width) / STEP);
      bins[y]!++;
    }
    let score = 0;
    for (const b of bins) score += b * b;
    return score;
  };
  for (const step of [0.2, 0.04]) {
    const centre = best;
    for (let deg = centre - (step === 0.2 ? maxDegrees : 0.2); deg <= centre + (step === 0.2 ? maxDegrees : 0.2) + 1e-9; deg += step) {
      const score = scoreAt(deg);
      if (score > bestScore) {
        bestScore = score;
        best = deg;
      }
    }
  }
  return Math.round(best * 100) / 100;
}

const STEP = 2;

/**
 * Coordinates of ink pixels on a coarse grid (every 2nd pixel) that continue left and right: horizontal
 * strokes and ruling lines carry the angle, while blots, vertical strokes and the dark borders of a
 * scan (outside the central 94%) would only blur the profile.
 */
function inkSample(image: GrayImage, threshold: number): Float64Array {
  const { width: w, height: h, data } = image;
  const out: number[] = [];
  const mx = Math.round(w * 0.03), my = Math.round(h * 0.03);
  for (let y = my; y < h - my; y += STEP) {
    for (let x = mx + 3; x < w - mx - 3; x += STEP) {
      const i = y * w + x;
      if (data[i]! < threshold && data[i - 3]! < threshold && data[i + 3]! < threshold) out.push(x, y);
    }
  }
  return Float64Array.from(out);
}
