import type { BBox, Rule } from '../../schemas/index.ts';
import { estimateSkew } from './deskew.ts';
import { crop, rotateSmall, type GrayImage } from './gray-image.ts';
import { mergeRules } from '../grid/rule-segments.ts';
import { findRasterRules } from './raster-rules.ts';

/** A part of the page image read by OCR, straightened; `x`/`y` is its top-left corner in page pixels. */
export type Zone = { x: number; y: number; image: GrayImage; skew: number };

/** Grey level under which a pixel belongs to a ruling line once the paper is white (light scanned rules). */
const RULE_INK = 215;

/** Cuts the zones out of the (flattened) page image and straightens each by its own skew. */
export function cutZones(page: GrayImage, boxes: BBox[], scale: number, straighten: boolean): Zone[] {
  return boxes.map(([x0, y0, x1, y1]) => {
    const x = Math.max(0, Math.floor(x0 * scale)), y = Math.max(0, Math.floor(y0 * scale));
    const image = crop(page, x, y, x1 * scale, y1 * scale);
    const skew = straighten ? estimateSkew(image, 200) : 0;
    return { x, y, image: rotateSmall(image, -skew), skew };
  });
}

/** How far (points) a column rule's end may stop short of the row rule it meets: a scan's thin lines fray. */
const MEETS = 2.5;

/**
 * Ruling lines found in the zones' images, in page points. A vertical run of ink that meets no row rule at one of
 * its ends is a character's stroke (a bold header's 目 or 码 over a short row), not a column rule: a printed
 * column rule runs from the rule above its cell to the rule below.
 */
export function zoneRules(zones: Zone[], scale: number): Rule[] {
  const rules = mergeRules(rawZoneRules(zones, scale));
  const rows = rules.filter((r) => r.axis === 'h');
  const meets = (v: Rule, y: number) => rows.some((h) => Math.abs(h.at - y) <= MEETS && h.from <= v.at + MEETS && h.to >= v.at - MEETS);
  return rules.filter((r) => r.axis === 'h' || (meets(r, r.from) && meets(r, r.to)));
}

function rawZoneRules(zones: Zone[], scale: number): Rule[] {
  return zones.flatMap((zone) =>
    findRasterRules(zone.image, {
      threshold: RULE_INK,
      // Longer than any stroke of a character; a one-row table's column rules are only about 18 pt high.
      minLength: Math.round(30 * scale), minHeight: Math.round(14 * scale), maxGap: 1, maxThickness: 6,
    }).map((r) => {
      const offset = r.axis === 'h' ? [zone.y, zone.x] : [zone.x, zone.y];
      return { axis: r.axis, at: (r.at + offset[0]!) / scale, from: (r.from + offset[1]!) / scale, to: (r.to + offset[1]!) / scale };
    }),
  );
}

/** The zone holding a box (page points) and the box in that zone's pixels. */
export function inZone(zones: Zone[], [x0, y0, x1, y1]: BBox, scale: number): { zone: Zone; box: BBox } | null {
  const cx = ((x0 + x1) / 2) * scale, cy = ((y0 + y1) / 2) * scale;
  const zone = zones.find((z) => cx >= z.x && cy >= z.y && cx < z.x + z.image.width && cy < z.y + z.image.height);
  return zone ? { zone, box: [x0 * scale - zone.x, y0 * scale - zone.y, x1 * scale - zone.x, y1 * scale - zone.y] } : null;
}
