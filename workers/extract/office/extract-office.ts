import type { DocumentId, ExtractedDocument } from '../../../schemas/index.ts';
import { convertWithSoffice } from './soffice.ts';
import type { DocumentFormat } from './detect-format.ts';
import { officePages, type OfficeBlock } from './office-pages.ts';
import { workbookBlocks } from './workbook.ts';
import { wordBlocks } from './word-document.ts';
import { webPageBlocks } from './web-page.ts';

export type OfficeFormat = Exclude<DocumentFormat, 'pdf'>;

/**
 * A Word, Excel or web-page file → the same pages the PDF path gives, with the tables the file states taken as
 * they are. Runs in the extraction child process, under the PDF path's memory and time limits.
 */
export type OfficeOptions = {
  /** LibreOffice's command, for Word 97–2003 files. @default 'soffice' */
  soffice?: string;
};

export async function extractOffice(id: DocumentId, fileName: string, bytes: Uint8Array, format: OfficeFormat, options: OfficeOptions = {}): Promise<ExtractedDocument> {
  const blocks = await blocksOf(bytes, format, options.soffice ?? 'soffice');
  const pages = officePages(blocks);
  return { documentId: id, fileName, pageCount: pages.length, pages, pageErrors: [], pagesNotRead: null };
}

async function blocksOf(bytes: Uint8Array, format: OfficeFormat, soffice: string): Promise<OfficeBlock[]> {
  switch (format) {
    // SheetJS reads Excel 97–2003 itself; Word's binary format goes through LibreOffice.
    case 'doc':
      return wordBlocks(await convertWithSoffice(bytes, { to: 'docx', command: soffice })).blocks;
    case 'xlsx':
    case 'xls':
      return workbookBlocks(bytes);
    case 'html':
      return webPageBlocks(bytes);
    case 'docx':
      return wordBlocks(bytes).blocks;
  }
}
