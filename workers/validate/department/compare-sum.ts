import type { Finding } from '../../../schemas/index.ts';
import { Decimal, isWithin, printedDecimalPlaces, sumDecimals } from '../decimal.ts';
import { failed, passed, skipped } from '../finding.ts';
import { DEPARTMENT_TABLE_TOLERANCE } from '../tolerances.ts';
import { cellEvidence, cellText, readCell, type CellReading, type CellRef } from './cells.ts';

/**
 * One side of an equation. `cell` is null when the row or column is not printed at all (read as blank);
 * `factor` converts 元 to 万元 when two tables differ in unit.
 */
export type Term = { cell: CellRef | null; label: string; factor?: Decimal };

type Read = Term & { reading: CellReading; amount: Decimal };

const shown = (term: Term): string => (term.cell ? (cellText(term.cell) ?? '(blank)') : '(not printed)');

/** With as many decimals as the cells print, so 170.1 reads `170.10` like its table. */
function format(value: Decimal, terms: readonly Read[]): string {
  const printed = terms.flatMap((term) =>
    term.cell && term.reading.state === 'number' ? [printedDecimalPlaces(cellText(term.cell) ?? undefined, term.amount.toNumber())] : [],
  );
  return value.toFixed(Math.max(value.decimalPlaces(), ...printed));
}

function read(term: Term): Read {
  const reading: CellReading = term.cell ? readCell(term.cell) : { state: 'blank' };
  const amount = reading.state === 'number' ? reading.value.times(term.factor ?? 1) : new Decimal(0);
  return { ...term, reading, amount };
}

/**
 * Budgets are allocated in whole amounts, so their 万元 figures are exact and a sum agrees to the cent
 * (DEPARTMENT_TABLE_TOLERANCE; seed 001's 170.10 under 170.11 is a typing error). Final accounts report what
 * was spent to the fen and print it rounded to 万元: each printed figure may be half a unit of its last digit
 * off, so a sum of n printed figures may be off by n halves (`2,940.05` = 2,106.66 + 326.72 + 60.99 + 445.69
 * = 2,940.06 is rounding). Only a gap rounding cannot explain fails there.
 */
function tolerance(total: Term, terms: readonly Read[]): Decimal {
  const table = total.cell?.table as { stage?: string | null; unit?: string } | undefined;
  if (table?.stage !== 'final_accounts' || table.unit !== '万元') return DEPARTMENT_TABLE_TOLERANCE;
  const printed = terms.filter((t) => t.reading.state === 'number' && t.cell);
  const halves = printed.map((t) => new Decimal(5).times(new Decimal(10).pow(-printedDecimalPlaces(cellText(t.cell!) ?? undefined, t.amount.toNumber()) - 1)));
  return Decimal.max(DEPARTMENT_TABLE_TOLERANCE, sumDecimals(halves));
}

/**
 * total = Σ parts within rounding (see tolerance). Blank cells count as 0; when every cell is blank
 * nothing was printed to check, so there is no finding (表8/表9 are blank templates). Blank parts are left out
 * of the message and the evidence unless every part is blank: then the blank cell is what proves the gap.
 */
export function compareSum(code: string, what: string, total: Term, parts: readonly Term[]): Finding | null {
  const totalRead = read(total);
  const partReads = parts.map(read);
  const all = [totalRead, ...partReads];
  const unreadable = all.find((term) => term.reading.state === 'unreadable');
  const evidenceOf = (terms: readonly Read[]) => terms.flatMap((term) => (term.cell ? [cellEvidence(term.cell)] : []));
  if (unreadable) return skipped(code, `${what}: ${unreadable.label} printed as "${shown(unreadable)}", not a number`, evidenceOf(all));
  if (all.every((term) => term.reading.state === 'blank')) return null;

  const printedParts = partReads.filter((term) => term.reading.state !== 'blank');
  const listed = printedParts.length > 0 ? printedParts : partReads;
  const expected = sumDecimals(partReads.map((term) => term.amount));
  const sum = listed.map((term) => `${term.label} ${shown(term)}`).join(' + ');
  const numbers = `${total.label} ${shown(total)} vs ${sum}${listed.length > 1 ? ` = ${format(expected, all)}` : ''}`;
  const outcome = { expected: format(expected, all), printed: total.cell ? cellText(total.cell) : null, evidence: evidenceOf([totalRead, ...listed]) };
  return isWithin(totalRead.amount, expected, tolerance(total, all))
    ? passed(code, { ...outcome, message: `${what}: ${numbers}` })
    : failed(code, { ...outcome, message: `${what}: ${numbers}, off by ${format(totalRead.amount.minus(expected), all)}` });
}
