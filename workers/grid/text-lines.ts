import type { BBox, TextItem } from '../../schemas/index.ts';

export type TextLine = { text: string; bbox: BBox; items: TextItem[] };

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026]/u;

export const isWide = (ch: string): boolean => WIDE.test(ch);

/**
 * Groups items into lines (top to bottom, then left to right). Items whose vertical centres are closer
 * than half a font size share a line: pdf.js splits runs at every font change (`9` `.` `00`).
 */
export function groupLines(items: TextItem[]): TextLine[] {
  const sorted = [...items].sort((a, b) => centre(a) - centre(b));
  const lines: TextItem[][] = [];
  for (const item of sorted) {
    const line = lines[lines.length - 1];
    const size = Math.max(item.fontSize, 1);
    if (line && Math.abs(centre(item) - meanCentre(line)) < size * 0.5) line.push(item);
    else lines.push([item]);
  }
  return lines.map((line) => {
    const byX = line.sort((a, b) => a.bbox[0] - b.bbox[0]);
    return { text: joinRuns(byX), bbox: unionBox(byX.map((i) => i.bbox)), items: byX };
  });
}

/** Joins the runs of one line; a space only where the print leaves a gap between two non-CJK characters. */
function joinRuns(items: TextItem[]): string {
  let text = '';
  let prev: TextItem | null = null;
  for (const item of items) {
    const t = item.text.replace(/\s+/g, ' ');
    if (prev) {
      const gap = item.bbox[0] - prev.bbox[2];
      const a = text.slice(-1), b = t.slice(0, 1);
      if (gap > Math.max(prev.fontSize, 1) * 0.2 && a !== ' ' && b !== ' ' && !isWide(a) && !isWide(b)) text += ' ';
    }
    text += t;
    prev = item;
  }
  return text.trim();
}

/** Joins wrapped lines of a cell without the line breaks, keeping a space only between two Latin words. */
export function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (text && /[A-Za-z]$/.test(text) && /^[A-Za-z]/.test(line)) text += ' ';
    text += line;
  }
  return text;
}

export function unionBox(boxes: BBox[]): BBox {
  return [
    Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3])),
  ];
}

const centre = (i: TextItem): number => (i.bbox[1] + i.bbox[3]) / 2;
const meanCentre = (line: TextItem[]): number => line.reduce((s, i) => s + centre(i), 0) / line.length;
