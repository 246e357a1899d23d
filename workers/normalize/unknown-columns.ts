import type { BandCell } from '../grid/bands.ts';
import type { FormDraft } from './form-draft.ts';
import { BLOCK_LABEL, squash } from './labels.ts';

/**
 * Header cells no rule in `labels.ts` knows: listed in the record's `problems` and their columns left
 * unread, since a guess would put text in the wrong field. Block labels down the form's left are not columns.
 */
export function reportUnknownColumns(draft: FormDraft, block: 'funds' | 'indicators', cells: BandCell[]): void {
  for (const cell of cells) {
    const text = squash(cell.text);
    if (!text || BLOCK_LABEL.test(text)) continue;
    draft.problems.push({ code: 'unknown-column', message: `a column headed "${cell.text.trim()}" is not a known ${block === 'funds' ? 'funds' : 'indicator'} column; it was not read`, field: block, page: cell.page });
  }
}
