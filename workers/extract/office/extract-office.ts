import type { DocumentId, ExtractedDocument, ExtractedPage } from '../../../schemas/index.ts';
import { errorMessage } from '../../errors.ts';
import type { OcrEngine } from '../../ocr/ocr-engine.ts';
import { OcrEngineUnavailable } from '../../ocr/ocr-engine.ts';
import { ocrPage, pageReadByOcr } from '../../ocr/ocr-page.ts';
import type { GrayImage } from '../../ocr/gray-image.ts';
import type { DocumentFormat } from './detect-format.ts';
import { officePages, type OfficeBlock, type PicturePlacement } from './office-pages.ts';
import { decodePicture, type Picture } from './picture-image.ts';
import { convertWithSoffice } from './soffice.ts';
import { webPageBlocks } from './web-page.ts';
import { wordBlocks } from './word-document.ts';
import { vectorContent, vectorExtent } from './vector-page.ts';
import { workbookBlocks } from './workbook.ts';
import { pageFacts } from '../page-facts.ts';
import { workbookPictures } from './workbook-pictures.ts';

export type OfficeFormat = Exclude<DocumentFormat, 'pdf'>;

export type OfficeOptions = {
  /** LibreOffice's command, for Word 97–2003 files. @default 'soffice' */
  soffice?: string;
  /** Reads pictures holding text (forms pasted as pictures); without it they are listed as not read. */
  ocr?: OcrEngine;
  /** Called after each page, for progress (and the pool's stall timer: OCR'd pictures take seconds each). */
  onPage?: (page: number, pageCount: number) => void;
};

/** Pictures under this area (square inches at their resolution) are logos, seals and signatures, not forms. */
const MIN_PICTURE_SQUARE_INCHES = 4;
/** Resolution taken for a picture that states none. */
const DEFAULT_DPI = 200;

/**
 * A Word, Excel or web-page file → the same pages the PDF path gives, with the tables the file states taken as
 * they are; a picture in a Word file (a form pasted from a scanner or another program) is a page read by the same
 * table-aware OCR as a scanned page. Runs in the extraction child process, under the PDF path's memory and time
 * limits.
 */
export async function extractOffice(id: DocumentId, fileName: string, bytes: Uint8Array, format: OfficeFormat, options: OfficeOptions = {}): Promise<ExtractedDocument> {
  const { pages, pictures, decoded } = await layOutOffice(bytes, format, options);
  const pageErrors: ExtractedDocument['pageErrors'] = [];
  for (const placement of pictures) {
    const picture = decoded.get(placement.part)!;
    const at = placement.page - 1;
    if (picture.kind === 'vector') continue;
    if (picture.kind !== 'bitmap') pageErrors.push({ page: placement.page, error: `a picture not read: ${picture.kind === 'none' ? picture.why : 'no pixels'}` });
    else if (!options.ocr) pageErrors.push({ page: placement.page, error: 'a picture (a form pasted as one?) not read: OCR is off' });
    else {
      try {
        pages[at] = await readPicture(pages[at]!, placement, picture.bitmap.image, (picture.bitmap.dpi || DEFAULT_DPI) / 72, options.ocr);
      } catch (error) {
        if (error instanceof OcrEngineUnavailable) throw error;
        pageErrors.push({ page: placement.page, error: `a picture not read: ${errorMessage(error)}` });
      }
    }
    options.onPage?.(placement.page, pages.length);
  }
  return { documentId: id, fileName, pageCount: pages.length, pages, pageErrors, pagesNotRead: null };
}

/** A file laid out as pages, its pictures decoded and placed but not read: what extraction reads and page images draw. */
export type OfficeLayout = { pages: ExtractedPage[]; pictures: PicturePlacement[]; decoded: Map<string, Picture> };

export async function layOutOffice(bytes: Uint8Array, format: OfficeFormat, options: Pick<OfficeOptions, 'soffice'> = {}): Promise<OfficeLayout> {
  const content = await contentOf(bytes, format, options.soffice ?? 'soffice');
  const decoded = new Map<string, Picture>();
  const blocks: OfficeBlock[] = [];
  for (const block of content.blocks) {
    if (block.kind !== 'picture') {
      blocks.push(block);
      continue;
    }
    const data = content.pictures.get(block.part);
    if (!data) continue;
    const picture = await decodePicture(data).catch((error: unknown): Picture => ({ kind: 'none', why: `a picture that could not be decoded (${errorMessage(error)})` }));
    const key = `${block.part}#${decoded.size + 1}`;
    if (picture.kind === 'vector') {
      // What a metafile draws as text and strokes is read as a PDF page's text and ruling are: no OCR.
      const size = vectorExtent(picture.metafile);
      if (!size) continue;
      decoded.set(key, picture);
      blocks.push({ kind: 'placed-picture', part: key, width: size.width, height: size.height });
      continue;
    }
    if (picture.kind === 'none') {
      decoded.set(key, picture);
      blocks.push({ kind: 'placed-picture', part: key, width: 144, height: 144 });
      continue;
    }
    const dpi = picture.bitmap.dpi || DEFAULT_DPI;
    const { width, height } = picture.bitmap.image;
    if ((width / dpi) * (height / dpi) < MIN_PICTURE_SQUARE_INCHES) continue;
    decoded.set(key, picture);
    blocks.push({ kind: 'placed-picture', part: key, width: (width / dpi) * 72, height: (height / dpi) * 72 });
  }
  const laid = officePages(blocks);
  for (const placement of laid.pictures) {
    const picture = decoded.get(placement.part);
    if (picture?.kind !== 'vector') continue;
    const page = laid.pages[placement.page - 1]!;
    const drawn = vectorContent(picture.metafile, placement.box);
    laid.pages[placement.page - 1] = { ...page, items: [...page.items, ...drawn.items], rules: drawn.rules, facts: pageFacts([...page.items, ...drawn.items], [], false, page.width, page.height) };
  }
  return { ...laid, decoded };
}

/** The page of a picture read by OCR as a pasted picture on a page is: its region only, the paragraphs kept. */
async function readPicture(page: ExtractedPage, placement: PicturePlacement, bitmap: GrayImage, scale: number, ocr: OcrEngine): Promise<ExtractedPage> {
  const started = Date.now();
  const width = Math.ceil(page.width * scale), height = Math.ceil(page.height * scale);
  const data = new Uint8Array(width * height).fill(255);
  const left = Math.round(placement.box[0] * scale), top = Math.round(placement.box[1] * scale);
  for (let y = 0; y < bitmap.height && top + y < height; y++) {
    data.set(bitmap.data.subarray(y * bitmap.width, y * bitmap.width + Math.min(bitmap.width, width - left)), (top + y) * width + left);
  }
  const decision = { kind: 'regions' as const, reason: 'pasted-image' as const, boxes: [placement.box] };
  const result = await ocrPage(page, { width, height, data }, scale, decision, ocr);
  return pageReadByOcr(page, result, decision.reason, ocr.name, Date.now() - started);
}

async function contentOf(bytes: Uint8Array, format: OfficeFormat, soffice: string): Promise<{ blocks: OfficeBlock[]; pictures: Map<string, Uint8Array> }> {
  switch (format) {
    case 'xlsx': {
      // Pictures pasted into sheets (a form as a picture) are read by OCR as they are in Word files.
      const { bySheet, parts } = workbookPictures(bytes);
      return { blocks: workbookBlocks(bytes, bySheet), pictures: parts };
    }
    case 'xls':
      // SheetJS reads Excel 97–2003 itself; what it cannot (a WPS .et, an odd BIFF) LibreOffice may convert.
      try {
        return { blocks: workbookBlocks(bytes), pictures: new Map() };
      } catch (error) {
        const converted = await convertWithSoffice(bytes, { to: 'xlsx', command: soffice }).catch(() => null);
        if (!converted) throw error;
        return { blocks: workbookBlocks(converted), pictures: new Map() };
      }
    case 'html':
      return { blocks: webPageBlocks(bytes), pictures: new Map() };
    case 'docx':
      return wordBlocks(bytes);
    case 'doc':
      // Word's binary format goes through LibreOffice.
      return wordBlocks(await convertWithSoffice(bytes, { to: 'docx', command: soffice }));
  }
}
