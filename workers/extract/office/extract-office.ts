import type { DocumentId, ExtractedDocument } from '../../../schemas/index.ts';
import { PermanentError } from '../../errors.ts';
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
export async function extractOffice(id: DocumentId, fileName: string, bytes: Uint8Array, format: OfficeFormat): Promise<ExtractedDocument> {
  const blocks = await blocksOf(bytes, format);
  const pages = officePages(blocks);
  return { documentId: id, fileName, pageCount: pages.length, pages, pageErrors: [], pagesNotRead: null };
}

async function blocksOf(bytes: Uint8Array, format: OfficeFormat): Promise<OfficeBlock[]> {
  switch (format) {
    case 'xlsx':
    case 'xls':
      return workbookBlocks(bytes);
    case 'html':
      return webPageBlocks(bytes);
    case 'docx':
      return wordBlocks(bytes).blocks;
    default:
      throw new PermanentError(`${format} files are not read yet`);
  }
}
