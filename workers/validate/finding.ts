import type { Evidence, Finding, FormRecord, Severity } from '../../schemas/index.ts';

/** What a check says about one record, besides its code and status. */
export type Outcome = {
  message: string;
  expected?: string | null;
  printed?: string | null;
  evidence?: Evidence[];
};

/**
 * The text a field was printed as; records without `printed` text (the gold files, hand-made records)
 * fall back to the number's string form so a reviewer still sees the value.
 */
export const printedText = (record: FormRecord, field: string, value: number | string | null): string | null =>
  record.printed[field] ?? (value === null ? null : String(value));

/** The cell behind a field; a value without provenance still counts, with page and box unknown. */
export function evidenceFor(record: FormRecord, field: string, value: number | string | null): Evidence {
  const provenance = record.provenance[field];
  return {
    field,
    page: provenance?.page ?? null,
    bbox: provenance?.bbox ?? null,
    printed: printedText(record, field, value),
    ...(provenance?.ref ? { ref: provenance.ref } : {}),
  };
}

const finding = (code: string, status: Finding['status'], severity: Severity, outcome: Outcome): Finding => ({
  code,
  kind: 'check',
  status,
  severity,
  message: outcome.message,
  expected: outcome.expected ?? null,
  printed: outcome.printed ?? null,
  evidence: outcome.evidence ?? [],
});

export const passed = (code: string, outcome: Outcome, severity: Severity = 'info'): Finding =>
  finding(code, 'pass', severity, outcome);

export const failed = (code: string, outcome: Outcome, severity: Severity = 'error'): Finding =>
  finding(code, 'fail', severity, outcome);

/** The check could not run: a value it needs is missing or was printed as text. */
export const skipped = (code: string, message: string, evidence: Evidence[] = []): Finding =>
  finding(code, 'skipped', 'info', { message, evidence });

/** The form's template prints nothing this check needs: not a gap in the reading. */
export const notApplicable = (code: string, message: string): Finding => finding(code, 'not-applicable', 'info', { message });

/** Why a value is missing, for skip messages: `全年执行数 printed as "100%", not a number`. */
export function missingReason(record: FormRecord, field: string, label: string): string {
  const text = record.printed[field];
  return text === undefined || text.trim() === '' ? `${label} is blank or unread` : `${label} printed as "${text}", not a number`;
}

/**
 * A raised oversight flag (domain.md §6). Flags report only what fired: a flag that did not fire says
 * nothing, so a clean form carries no flag findings and a reviewer's list stays short.
 */
export const flagged = (code: string, severity: Severity, outcome: Outcome): Finding => ({
  ...finding(code, 'fail', severity, outcome),
  kind: 'flag',
});
