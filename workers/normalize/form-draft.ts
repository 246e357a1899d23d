import type { FormRecord, FormType, FundsRow, Indicator, Provenance } from '../../schemas/index.ts';
import type { BandCell } from '../grid/bands.ts';
/** Other values an OCR'd number cell could be read as, keyed like `provenance` (`indicators[3].score`). */
export type Alternatives = Record<string, number[]>;
import { repairOcrNumber } from '../values.ts';

/** A form record while it is being read: the record's fields plus where each one came from. */
export type FormDraft = Omit<FormRecord, 'source'> & {
  page: number;
  pages: Set<number>;
  annex: string | null;
  amountColumns: string[];
  level1Weights: Record<string, number>;
  /** OCR'd number cells' other readings, for the form's arithmetic to choose from when the record is done. */
  alternatives: Alternatives;
};

export function newDraft(page: number, formType: FormType | null): FormDraft {
  return {
    page,
    pages: new Set([page]),
    formType: formType ?? 'project_self_evaluation',
    fiscalYear: null,
    title: null,
    projectName: null,
    department: null,
    implementingUnit: null,
    owner: null,
    funds: { unit: '万元', rows: [] },
    goals: { expected: null, actual: null },
    indicators: [],
    totalWeight: null,
    totalScore: null,
    notes: { deviationAnalysis: null, improvement: null },
    extra: {},
    printed: {},
    provenance: {},
    problems: [],
    annex: null,
    amountColumns: [],
    level1Weights: {},
    alternatives: {},
  };
}

export const provenanceOf = (cell: BandCell): Provenance => ({
  page: cell.page,
  bbox: cell.bbox,
  source: cell.source,
  confidence: cell.confidence,
  ...(cell.ref ? { ref: cell.ref } : {}),
});

/** Records where a field's value was read, and its printed text when the field is numeric. */
export function note(draft: FormDraft, path: string, cell: BandCell, numeric = false): void {
  draft.provenance[path] = provenanceOf(cell);
  draft.pages.add(cell.page);
  if (numeric && cell.text !== '') draft.printed[path] = cell.text;
}

/** Text fields: a cell printed blank is null; `/` and `—` stay as printed. */
export const textOf = (cell: BandCell | null): string | null => (cell && cell.text.trim() !== '' ? cell.text.trim() : null);

export const emptyFundsRow = (label: string): FundsRow => ({
  label, initialBudget: null, adjustment: null, annualBudget: null, executed: null, weight: null, executionRate: null, score: null,
});

export const emptyIndicator = (): Indicator => ({
  level1: null, level2: null, name: null, target: null, actual: null, weight: null, score: null, deviationReason: null, extra: {},
});

/**
 * A number cell's value. OCR'd cells are repaired first (`1O0` → 100, `95%0` → 95%); a repair that gave a
 * number is noted as a problem, so the record says which values rest on it. The print stays in `printed`.
 */
export function readNumber(draft: FormDraft, path: string, cell: BandCell, parse: (text: string) => number | null): number | null {
  const text = cell.source === 'ocr' ? repairOcrNumber(cell.text) : cell.text;
  const value = parse(text);
  if (value !== null && text !== cell.text.normalize('NFKC').replace(/\s+/g, '')) {
    draft.problems.push({ code: 'ocr-number-repaired', message: `read "${cell.text}" as ${value}`, field: path, page: cell.page });
  }
  const others = (cell.alternatives ?? []).flatMap((alternative) => {
    const other = parse(cell.source === 'ocr' ? repairOcrNumber(alternative) : alternative);
    return other !== null && other !== value ? [other] : [];
  });
  if (others.length) draft.alternatives[path] = [...new Set(others)];
  return value;
}
