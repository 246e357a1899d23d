import type { Writable } from 'node:stream';
import type { FundsRow, Indicator, ValidatedRecord } from '../../schemas/index.ts';
import { writeAll } from './write-all.ts';

type Cell = string | number | null;

export type CsvOptions = {
  /**
   * Prefix `'` to text cells that start with `=`, `+`, `-` or `@`. Targets are printed like `=7个`, which
   * Excel would take for a formula and show as #NAME? (and a crafted cell could run one).
   * @default true
   */
  guardFormulas?: boolean;
};

export const CSV_HEADER = [
  'file', 'page', 'formType', 'fiscalYear', 'projectName', 'department', 'implementingUnit',
  'annualBudget', 'executed', 'executionRate', 'fundsScore', 'totalWeight', 'totalScore', 'failedChecks', 'flags',
  'recomputedScore', 'qualityLevel',
  'level1', 'level2', 'name', 'target', 'actual', 'weight', 'score', 'deviationReason',
] as const;

/**
 * One row per indicator, the form's columns repeated on each; a form without indicators still gets a row.
 * Money and rates are as in the record (`funds.unit`, rates as fractions).
 */
export function toCsvRows(v: ValidatedRecord): Cell[][] {
  const r = v.record;
  const total = totalFundsRow(r.funds.rows);
  const failedChecks = v.findings.filter((f) => f.kind === 'check' && f.status === 'fail').map((f) => f.code);
  const flags = v.findings.filter((f) => f.kind === 'flag' && f.status === 'fail').map((f) => f.code);
  const form: Cell[] = [
    r.source.file, r.source.page, r.formType, r.fiscalYear, r.projectName, r.department, r.implementingUnit,
    total?.annualBudget ?? null, total?.executed ?? null, total?.executionRate ?? null, total?.score ?? null,
    r.totalWeight, r.totalScore, [...new Set(failedChecks)].join(';'), [...new Set(flags)].join(';'),
    v.score.status === 'recomputed' ? Number(v.score.total) : null, v.quality.level,
  ];
  const indicators: (Indicator | null)[] = r.indicators.length > 0 ? r.indicators : [null];
  return indicators.map((i) => [
    ...form,
    i?.level1 ?? null, i?.level2 ?? null, i?.name ?? null, i?.target ?? null, i?.actual ?? null,
    i?.weight ?? null, i?.score ?? null, i?.deviationReason ?? null,
  ]);
}

/** Writes a UTF-8 CSV with a BOM (without it Excel reads Chinese as mojibake) and CRLF lines (RFC 4180). Returns the data rows written. */
export async function writeCsv(
  records: Iterable<ValidatedRecord> | AsyncIterable<ValidatedRecord>,
  out: Writable,
  options: CsvOptions = {},
): Promise<number> {
  const guard = options.guardFormulas ?? true;
  let count = 0;
  await writeAll(out, lines());
  return count;

  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine(CSV_HEADER, false)}`;
    for await (const record of records) {
      for (const row of toCsvRows(record)) {
        count++;
        yield csvLine(row, guard);
      }
    }
  }
}

export function csvLine(cells: readonly Cell[], guardFormulas: boolean): string {
  return `${cells.map((cell) => csvField(cell, guardFormulas)).join(',')}\r\n`;
}

function csvField(cell: Cell, guardFormulas: boolean): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = guardFormulas && /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The 年度资金总额 / 年度预算总额 row; templates print it first, so the first row is the fallback. */
function totalFundsRow(rows: FundsRow[]): FundsRow | undefined {
  return rows.find((row) => /总额|合计|总计/.test(row.label)) ?? rows[0];
}
