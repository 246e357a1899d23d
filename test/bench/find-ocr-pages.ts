import type { DocumentId } from '../../schemas/index.ts';
import { createExtractPool } from '../../workers/extract/extract-pool.ts';
import { needsOcr } from '../../workers/ocr/needs-ocr.ts';
import { ocrScale } from '../../workers/ocr/ocr-scale.ts';

export type OcrPagePlan = { page: number; scale: number };

/**
 * Which pages of each document jixiao would OCR, decided by the product's own predicate on the text
 * layer (an extract without OCR, fast), so the bench can time born-digital and OCR'd documents apart.
 * A document that cannot be read has no entry.
 */
export async function findOcrPages(docs: ReadonlyMap<DocumentId, { file: string; bytes: Uint8Array }>): Promise<Map<DocumentId, OcrPagePlan[]>> {
  const pool = createExtractPool({ size: 1, ocr: false });
  const found = new Map<DocumentId, OcrPagePlan[]>();
  try {
    for (const [id, { file, bytes }] of docs) {
      const extracted = await pool.extract(id, file, bytes).catch(() => null);
      if (!extracted) continue;
      found.set(id, extracted.pages.flatMap((page) => {
        const decision = needsOcr(page);
        return decision.kind === 'none' ? [] : [{ page: page.number, scale: ocrScale(decision) }];
      }));
    }
    return found;
  } finally {
    await pool.close();
  }
}
