import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { ExtractedPage } from '../../../schemas/index.ts';
import { PermanentError } from '../../errors.ts';
import type { OfficeFormat } from './extract-office.ts';
import { layOutOffice } from './extract-office.ts';

const FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif';
const CELL_FONT = 9;
const PAD = 2;

/**
 * A page of a Word, Excel or web-page file drawn as jixiao laid it out (the file has no pages of its own): its
 * tables' cells ruled with their text, the paragraphs around them, a pasted picture where it was placed. Boxes in
 * records and findings are on this layout, so the web page outlines and crops them as on a PDF's page.
 */
export async function drawOfficePage(bytes: Uint8Array, format: OfficeFormat, number: number, options: { scale: number; maxPixels: number; soffice?: string }): Promise<{ png: Uint8Array; scale: number }> {
  const { pages, pictures, decoded } = await layOutOffice(bytes, format, options);
  const page = pages[number - 1];
  if (!page) throw new PermanentError(`the document has ${pages.length} pages, not ${number}`);
  const scale = Math.min(options.scale, Math.sqrt(options.maxPixels / (page.width * page.height)));
  const canvas = createCanvas(Math.ceil(page.width * scale), Math.ceil(page.height * scale));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  for (const placement of pictures.filter((p) => p.page === number)) {
    const picture = decoded.get(placement.part);
    if (picture?.kind !== 'bitmap') continue;
    const { image } = picture.bitmap;
    const bitmap = createCanvas(image.width, image.height);
    const pixels = bitmap.getContext('2d').createImageData(image.width, image.height);
    for (let i = 0; i < image.data.length; i++) pixels.data.set([image.data[i]!, image.data[i]!, image.data[i]!, 255], 4 * i);
    bitmap.getContext('2d').putImageData(pixels, 0, 0);
    const [x0, y0, x1, y1] = placement.box;
    context.drawImage(bitmap, x0, y0, x1 - x0, y1 - y0);
  }
  drawText(context, page);
  return { png: new Uint8Array(await canvas.encode('png')), scale };
}

function drawText(context: SKRSContext2D, page: ExtractedPage): void {
  context.fillStyle = '#000000';
  context.strokeStyle = '#000000';
  context.lineWidth = 0.5;
  context.textBaseline = 'top';
  for (const item of page.items) {
    context.font = `${item.fontSize}px ${FACE}`;
    context.fillText(item.text, item.bbox[0], item.bbox[1]);
  }
  // A vector picture's strokes, as the page's rules.
  for (const rule of page.rules) {
    context.beginPath();
    if (rule.axis === 'h') { context.moveTo(rule.from, rule.at); context.lineTo(rule.to, rule.at); }
    else { context.moveTo(rule.at, rule.from); context.lineTo(rule.at, rule.to); }
    context.stroke();
  }
  context.font = `${CELL_FONT}px ${FACE}`;
  for (const table of page.tables ?? []) {
    for (const cell of table.cells) {
      const [x0, y0, x1, y1] = cell.bbox;
      context.strokeRect(x0, y0, x1 - x0, y1 - y0);
      let line = '', y = y0 + PAD;
      for (const ch of cell.text) {
        if (context.measureText(line + ch).width > x1 - x0 - 2 * PAD && line) {
          context.fillText(line, x0 + PAD, y);
          line = '';
          y += CELL_FONT * 1.3;
        }
        line += ch;
      }
      if (line) context.fillText(line, x0 + PAD, y);
    }
  }
}
