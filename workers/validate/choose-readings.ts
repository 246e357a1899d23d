import type { FormRecord } from '../../schemas/index.ts';
import { checks } from './checks.ts';

/** Other values an OCR'd number cell could be read as, keyed like `provenance` (`indicators[3].score`). */
type Alternatives = Record<string, number[]>;

const failing = (record: FormRecord): string[] => [...new Set(checks.flatMap((check) => check(record)).filter((f) => f.status === 'fail').map((f) => f.code))];

/**
 * Chooses between readings of OCR'd digits with the form's own arithmetic (I1–I7): when the form breaks
 * a check as read, and exactly one cell read as its runner-up makes every check hold, that reading is
 * taken and the choice listed in `problems`. One substitution only, and only an unambiguous one: a form
 * that is wrong as printed stays wrong (its digits were read clearly, so it has no alternatives). The
 * readings not taken stay in `extra.alternativeReadings`.
 */
export function chooseReadings(record: FormRecord, alternatives: Alternatives = readingsOf(record)): FormRecord {
  const fields = Object.keys(alternatives);
  if (!fields.length) return record;
  const before = failing(record);
  const kept = (chosen: string | null): FormRecord['extra'] => {
    const rest = Object.fromEntries(Object.entries(alternatives).filter(([field]) => field !== chosen));
    return Object.keys(rest).length ? { ...record.extra, alternativeReadings: rest } : record.extra;
  };
  if (!before.length) return { ...record, extra: kept(null) };

  const fits = fields.flatMap((field) =>
    alternatives[field]!.flatMap((value) => {
      const changed = withValue(record, field, value);
      return changed && failing(changed).length === 0 ? [{ field, value, changed }] : [];
    }));
  const page = (field: string) => record.provenance[field]?.page ?? record.source.page;
  if (fits.length !== 1) {
    if (fits.length === 0) return { ...record, extra: kept(null) };
    const options = fits.map((f) => `${f.field} = ${f.value}`).join('; ');
    const problem = { code: 'ocr-readings-ambiguous', message: `${before.join(', ')} fail as read; each of these readings would make them hold: ${options}`, field: fits[0]!.field, page: page(fits[0]!.field) };
    return { ...record, extra: kept(null), problems: [...record.problems, problem] };
  }
  const [{ field, value, changed }] = fits as [(typeof fits)[number]];
  const printed = record.printed[field];
  const problem = {
    code: 'ocr-reading-chosen',
    message: `read${printed === undefined ? '' : ` "${printed}"`} as ${value}, the OCR engine's second reading: with the first, ${before.join(', ')} fail; with it every check holds`,
    field,
    page: page(field),
  };
  return { ...changed, extra: kept(field), problems: [...record.problems, problem] };
}

/** The runner-up readings the form reader kept for OCR'd number cells (`extra.alternativeReadings`). */
function readingsOf(record: FormRecord): Alternatives {
  const kept = record.extra['alternativeReadings'];
  return kept && typeof kept === 'object' ? (kept as Alternatives) : {};
}

const FUNDS = /^funds\.rows\[(\d+)\]\.(initialBudget|adjustment|annualBudget|executed|weight|executionRate|score)$/;
const INDICATOR = /^indicators\[(\d+)\]\.(weight|score)$/;

/** The record with one number field set, or null for a path this does not know. */
function withValue(record: FormRecord, field: string, value: number): FormRecord | null {
  const funds = FUNDS.exec(field);
  if (funds) {
    const at = Number(funds[1]), key = funds[2] as keyof FormRecord['funds']['rows'][number];
    return { ...record, funds: { ...record.funds, rows: record.funds.rows.map((row, i) => (i === at ? { ...row, [key]: value } : row)) } };
  }
  const indicator = INDICATOR.exec(field);
  if (indicator) {
    const at = Number(indicator[1]), key = indicator[2] as 'weight' | 'score';
    return { ...record, indicators: record.indicators.map((row, i) => (i === at ? { ...row, [key]: value } : row)) };
  }
  if (field === 'totalScore' || field === 'totalWeight') return { ...record, [field]: value };
  return null;
}
