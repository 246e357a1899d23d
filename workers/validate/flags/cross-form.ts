import type { Evidence, Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { alikeCandidates } from './alike-candidates.ts';
import { isWithin, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, fundsField } from '../record-fields.ts';
import { amountTolerance } from '../tolerances.ts';
import { departmentName } from './department-name.ts';
import { type FlagCode, raise } from './flag-codes.ts';

/**
 * Shorter texts (`已完成`, `已完成全年预期目标`, `完成项目`) are the template's own words and repeat on
 * every form of a department; only longer texts are evidence of copying.
 */
const MIN_COPIED_LENGTH = 20;

/** Joins the parts of a composite key; no printed text holds it. */
const KEY_SEPARATOR = '\u0000';

type Entry = { record: FormRecord; index: number };

/** A form for messages: where a reviewer finds it. */
const locate = ({ record }: Entry): string =>
  `"${record.projectName ?? '(no name)'}" (${record.source.file} p.${record.source.page}, form ${record.source.ordinal})`;

/** Forms without a 主管部门 fall back to their document: forms in one file belong to one publishing unit. */
const departmentKey = (record: FormRecord): string => {
  const department = departmentName(record.department);
  return department === '' ? `document:${record.source.documentId}` : `department:${department}`;
};

/**
 * Forms that can be compared: one department, one fiscal year, one form type (a 目标表 and a 自评表 of the
 * same project rightly share their goal text).
 */
const groupKey = (record: FormRecord): string => `${departmentKey(record)}|${record.fiscalYear ?? '?'}|${record.formType}`;

/** Names this alike in two documents name one project read twice (OCR drops a character: `修缮` → `修`). */
const SAME_NAME = 0.85;

/**
 * Two different projects: both named, differently. One project printed twice is not copying; nor is the
 * same form in two documents whose OCR read its name a little differently. Within one document, names
 * that differ by a figure (2022年度 / 2023年度) are two projects.
 */
function differentProjects(a: FormRecord, b: FormRecord): boolean {
  const [x, y] = [compactText(a.projectName), compactText(b.projectName)];
  if (x === '' || y === '' || x === y) return false;
  if (a.source.documentId === b.source.documentId) return true;
  return dice(bigrams(x), bigrams(y), x.length + y.length - 2) < SAME_NAME;
}

const budgetOf = (record: FormRecord): number | null => {
  const total = findTotalRow(record);
  return total ? (total.row.annualBudget ?? total.row.initialBudget) : null;
};

const sameBudget = (a: FormRecord, b: FormRecord): boolean => {
  const x = budgetOf(a);
  const y = budgetOf(b);
  if (x === null || y === null) return false;
  return isWithin(toDecimal(x), toDecimal(y), amountTolerance(toDecimal(x), toDecimal(y)));
};

/** The indicator set as one string: every row's 三级指标 and target, in order of their text. */
const indicatorSet = (record: FormRecord): string =>
  record.indicators
    .map((row) => `${compactText(row.name)}→${compactText(row.target)}`)
    .sort()
    .join('|');

const budgetEvidence = (record: FormRecord): Evidence[] => {
  const total = findTotalRow(record);
  if (!total) return [];
  const column = total.row.annualBudget !== null ? 'annualBudget' : 'initialBudget';
  return [evidenceFor(record, fundsField(total.index, column), total.row[column])];
};

type Rule = {
  code: FlagCode;
  /** The text two forms share, or null when this form has nothing to compare. */
  key: (record: FormRecord) => string | null;
  /** Extra condition on a pair beyond sharing the key. */
  pair: (a: FormRecord, b: FormRecord) => boolean;
  evidence: (record: FormRecord) => Evidence[];
  describe: (shared: string) => string;
};

const longText = (text: string | null): string | null => {
  const compact = compactText(text);
  return compact.length >= MIN_COPIED_LENGTH ? compact : null;
};

const preview = (text: string): string => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

const RULES: readonly Rule[] = [
  {
    code: 'CROSS_FORM_DUPLICATE_PROJECT',
    key: (record) => {
      const goal = longText(record.goals.expected);
      return goal === null || record.indicators.length === 0 ? null : `${goal}${KEY_SEPARATOR}${indicatorSet(record)}`;
    },
    pair: sameBudget,
    evidence: (record) => [
      ...budgetEvidence(record),
      evidenceFor(record, 'projectName', record.projectName),
      evidenceFor(record, 'goals.expected', record.goals.expected),
    ],
    describe: () => 'the same budget, 预期目标 and indicator set (names and targets): possibly one project declared twice',
  },
  {
    code: 'CROSS_FORM_SAME_GOAL',
    key: (record) => longText(record.goals.expected),
    pair: (a, b) => !(sameBudget(a, b) && alike(indicatorSet(a), indicatorSet(b))),
    evidence: (record) => [evidenceFor(record, 'goals.expected', record.goals.expected)],
    describe: (shared) => `the same (or all but the same) 预期目标 text ("${preview(shared)}")`,
  },
  {
    code: 'CROSS_FORM_SAME_ACTUAL',
    key: (record) => longText(record.goals.actual),
    pair: () => true,
    evidence: (record) => [evidenceFor(record, 'goals.actual', record.goals.actual)],
    describe: (shared) => `the same (or all but the same) 实际完成情况 text ("${preview(shared)}")`,
  },
];

/**
 * Texts this alike (Dice coefficient of their character pairs) are one text: OCR reads the same print
 * differently on two pages (a dropped `缮`, `，` for `,`), and a copy edited by a figure or two is still a copy.
 */
const SIMILAR_TEXT = 0.95;

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

function dice(a: Map<string, number>, b: Map<string, number>, total: number): number {
  let shared = 0;
  for (const [pair, n] of a) shared += Math.min(n, b.get(pair) ?? 0);
  return total ? (2 * shared) / total : 1;
}

/** Whether two keys (texts joined by KEY_SEPARATOR) match part for part, exactly or alike. */
function alike(a: string, b: string, grams: (text: string) => Map<string, number> = bigrams): boolean {
  const [x, y] = [a.split(KEY_SEPARATOR), b.split(KEY_SEPARATOR)];
  return x.length === y.length && x.every((part, i) => {
    const other = y[i]!;
    if (part === other) return true;
    if (Math.abs(part.length - other.length) > (1 - SIMILAR_TEXT) * Math.max(part.length, other.length) * 2) return false;
    return dice(grams(part), grams(other), part.length + other.length - 2) >= SIMILAR_TEXT;
  });
}

/** For one rule within one group: each form gets one finding naming every other form it shares the text with. */
function applyRule(rule: Rule, group: Entry[], out: Map<number, Finding[]>): void {
  const keyed = group.flatMap((entry) => {
    const key = rule.key(entry.record);
    return key === null ? [] : [{ entry, key }];
  });
  const cache = new Map<string, Map<string, number>>();
  const grams = (text: string) => cache.get(text) ?? cache.set(text, bigrams(text)).get(text)!;
  // Only pairs whose first texts can be alike are compared: the exact test below still decides.
  const candidates = alikeCandidates(keyed.map(({ key }) => key.split(KEY_SEPARATOR)[0]!), SIMILAR_TEXT);
  keyed.forEach(({ entry, key }, i) => {
    const others = candidates[i]!
      .map((j) => keyed[j]!)
      // The texts first: most pairs differ there, and their character pairs are counted once per text.
      .filter((other) => alike(key, other.key, grams) && differentProjects(entry.record, other.entry.record) && rule.pair(entry.record, other.entry.record))
      .map((other) => other.entry);
    if (others.length === 0) return;
    const shared = key.split(KEY_SEPARATOR)[0] ?? key;
    const message = `${locate(entry)} has ${rule.describe(shared)} as ${others.map(locate).join('; ')}`;
    const elsewhere = (record: FormRecord) =>
      rule.evidence(record).map((cell) => ({ ...cell, form: { documentId: record.source.documentId, file: record.source.file, ordinal: record.source.ordinal } }));
    const evidence = [...rule.evidence(entry.record), ...others.flatMap((other) => elsewhere(other.record))];
    out.set(entry.index, [...(out.get(entry.index) ?? []), raise(rule.code, { message, evidence })]);
  });
}

/**
 * Flags that need several forms (domain.md §6): copies and double declarations among the forms of one
 * department and fiscal year. Keyed by position in `records`, because records have no id of their own
 * before they are stored and one file may hold the same project twice; forms with nothing to report are
 * absent from the map. Evidence lists this form's cells first, then the other forms', each marked with
 * the form it is in (`evidence[].form`). A pair found as a duplicate project is
 * not reported again as a shared goal.
 */
export function crossFormFlags(records: readonly FormRecord[]): Map<number, Finding[]> {
  const groups = new Map<string, Entry[]>();
  records.forEach((record, index) => {
    const key = groupKey(record);
    const group = groups.get(key);
    if (group) group.push({ record, index });
    else groups.set(key, [{ record, index }]);
  });
  const out = new Map<number, Finding[]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const rule of RULES) applyRule(rule, group, out);
  }
  return out;
}
