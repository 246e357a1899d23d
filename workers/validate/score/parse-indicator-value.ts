import { Decimal } from '../decimal.ts';

/**
 * A printed 年度指标值 or 实际完成值, read for scoring. Every variant keeps `text`, the cell as printed,
 * because a reviewer must see what the form said, not our reading of it.
 */
export type Comparator = 'ge' | 'le' | 'eq' | 'gt' | 'lt';

export type NumericValue = {
  kind: 'numeric';
  text: string;
  /** null for a bare number (`36`, `100%`, `45 个地块`): the form gave no direction. */
  comparator: Comparator | null;
  /** Decimal string as printed, `%` not divided out: `95%` → `95`. */
  value: string;
  /** Compacted unit (`万元`, `%`, `个地块`, `万元/亩`), null when none is printed. */
  unit: string | null;
  /** `约 20 个`, `20 个左右`. */
  approximate: boolean;
  /** Words printed before the number (`面积` in `面积约 2100 亩`, `图斑` in `图斑 5949 个`). */
  label: string | null;
};
export type RangeValue = { kind: 'range'; text: string; low: string; high: string; unit: string | null };
export type DateValue = {
  kind: 'date';
  text: string;
  year: number;
  month: number | null;
  day: number | null;
  /** A deadline: `…前`, `…底`, `…末`, `…以内`. */
  before: boolean;
};
/** A span of time: `2021-2023年`, `2021年1月-12月`, `2024年度1年`; year null when only months are printed. */
export type DatePoint = { year: number | null; month: number | null };
export type PeriodValue = { kind: 'period'; text: string; from: DatePoint; to: DatePoint };
export type Status = 'done' | 'not-done' | 'in-progress';
export type StatusValue = { kind: 'status'; text: string; status: Status };
export type QualitativeValue = { kind: 'qualitative'; text: string };
export type CompoundValue = { kind: 'compound'; text: string; parts: NumericValue[] };
export type EmptyValue = { kind: 'empty'; text: string };
/** Digits in a shape no rule reads (`亩/5.98 万`, `209.891 735 万`): never guessed into a number. */
export type UnparsedValue = { kind: 'unparsed'; text: string };

export type IndicatorValue =
  | NumericValue
  | RangeValue
  | DateValue
  | PeriodValue
  | StatusValue
  | QualitativeValue
  | CompoundValue
  | EmptyValue
  | UnparsedValue;

// LaTeX from PDF→Markdown converters (seed 004 prints `\geq 90%`, `$\geq 98\%$`).
const LATEX: ReadonlyArray<[RegExp, string]> = [
  [/\\geq?(?![a-z])/g, '≥'],
  [/\\leq?(?![a-z])/g, '≤'],
  [/\\gt(?![a-z])/g, '>'],
  [/\\lt(?![a-z])/g, '<'],
  [/\\%/g, '%'],
  [/\$/g, ''],
];

/**
 * NFKC (full-width digits and signs), LaTeX and HTML tags out, OCR-spaced decimals (`14. 88`) and
 * thousands (`16, 291`) joined. Whitespace is kept: callers decide whether a gap between digits matters.
 */
function cleanText(text: string): string {
  // NFKC turns `²` into `2`, which would glue onto the unit's number (`65.5km ²` → `km 2`).
  let s = text.replace(/²/g, '^2').replace(/³/g, '^3').normalize('NFKC');
  for (const [pattern, replacement] of LATEX) s = s.replace(pattern, replacement);
  return s
    .replace(/<\/?[a-z]+>/gi, '')
    .replace(/[≧⩾]/g, '≥')
    .replace(/[≦⩽]/g, '≤')
    .replace(/(\d)\.\s+(\d)/g, '$1.$2')
    .replace(/(\d),\s?(?=\d{3}(?!\d))/g, '$1')
    .trim();
}

/** The value text compacted for identity comparisons: `=1 周/次` and `=1周/次` are the same print. */
export const normalizeValueText = (text: string | null): string => cleanText(text ?? '').replace(/\s+/g, '');

// `无` stays words: `无投诉` style actuals mean zero, not blank.
const EMPTY = /^(?:\/+|-+|—+|―+|–+|N\/A)?$/i;

// Checked in this order: `已完成初步成果，正在验收中` is in progress, not done.
const IN_PROGRESS = /正在|进行中|实施中|推进中|验收中|初步成果|部分完成|基本完成/;
const NOT_DONE = /^(?:未|没有|尚未)(?:完成|达成|达到|实现)|^否$/;
const DONE = /^(?:该项目|项目)?(?:已经|已|均已|全部|全面)?(?:完成|达成|达到|实现|办结|落实)|^是$/;

function readStatus(s: string): Status | null {
  if (IN_PROGRESS.test(s)) return 'in-progress';
  if (NOT_DONE.test(s)) return 'not-done';
  if (DONE.test(s)) return 'done';
  return null;
}

const SYMBOL_COMPARATORS: ReadonlyArray<[string, Comparator]> = [
  ['>=', 'ge'], ['=>', 'ge'], ['≥', 'ge'], ['<=', 'le'], ['=<', 'le'], ['≤', 'le'],
  ['==', 'eq'], ['>', 'gt'], ['<', 'lt'], ['=', 'eq'],
];
const WORD_COMPARATORS: ReadonlyArray<[RegExp, Comparator]> = [
  [/(?:不低于|不少于|不小于|大于或?等于|至少|达到)$/, 'ge'],
  [/(?:不高于|不超过|不多于|不大于|小于或?等于|控制在|最多)$/, 'le'],
  [/(?:大于|高于|超过|多于)$/, 'gt'],
  [/(?:小于|低于|少于)$/, 'lt'],
  [/等于$/, 'eq'],
];
const SUFFIX_COMPARATORS: ReadonlyArray<[RegExp, Comparator]> = [
  [/(?:及以上|以上)$/, 'ge'],
  [/(?:及以下|以下|以内|之内)$/, 'le'],
];

type Prefix = { comparator: Comparator | null; approximate: boolean; label: string | null };

/** What precedes the number: a label, a comparator (sign or words) and `约`, in any sensible order. */
function readPrefix(prefix: string): Prefix | null {
  let rest = prefix;
  let comparator: Comparator | null = null;
  let approximate = false;
  for (;;) {
    if (rest.endsWith('约')) {
      approximate = true;
      rest = rest.slice(0, -1);
      continue;
    }
    const symbol = SYMBOL_COMPARATORS.find(([sign]) => rest.endsWith(sign));
    if (symbol && comparator === null) {
      comparator = symbol[1];
      rest = rest.slice(0, -symbol[0].length);
      continue;
    }
    const word: readonly [RegExp, Comparator] | undefined = comparator === null ? WORD_COMPARATORS.find(([pattern]) => pattern.test(rest)) : undefined;
    if (word) {
      comparator = word[1];
      rest = rest.replace(word[0], '');
      continue;
    }
    break;
  }
  if (rest === '') return { comparator, approximate, label: null };
  return /^\p{Script=Han}+$/u.test(rest) ? { comparator, approximate, label: rest } : null;
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
// A unit has no digits, except a power after a letter or `^` (`km^2`, `m2` from NFKC `㎡`).
const UNIT = String.raw`(?:[^\d^]|\^\d|(?<=[a-z])\d)*`;
const NUMERIC_BODY = new RegExp(String.raw`^(${NUMBER})(${UNIT})$`, 'iu');

const decimalString = (digits: string): string => new Decimal(digits).toFixed();

/** `万` alone is a clipped `万元` (seed 004: `≤209.891735 万`); the other units are compacted as printed. */
function cleanUnit(unit: string): string | null {
  const trimmed = unit.replace(/[。.,;:：]+$/u, '');
  if (trimmed === '') return null;
  return trimmed === '万' ? '万元' : trimmed;
}

function readNumeric(s: string, text: string): NumericValue | null {
  const firstDigit = s.search(/\d/);
  if (firstDigit < 0) return null;
  const prefix = readPrefix(s.slice(0, firstDigit));
  if (!prefix) return null;
  const body = NUMERIC_BODY.exec(s.slice(firstDigit));
  if (!body) return null;
  let unitText = body[2] ?? '';
  let { comparator, approximate } = prefix;
  if (unitText.endsWith('左右')) {
    approximate = true;
    unitText = unitText.slice(0, -2);
  }
  // A printed aside after the value (`≥95%（抽样）`, `95%以上（含）`) qualifies it; it is not the unit.
  unitText = unitText.replace(/\s*\([^()]*\)$/u, '');
  const suffix = SUFFIX_COMPARATORS.find(([pattern]) => pattern.test(unitText));
  if (suffix) {
    comparator ??= suffix[1];
    unitText = unitText.replace(suffix[0], '');
  }
  // `100%合格`, `95%满意`: the words name what the rate is of; the unit is the percent.
  if (/^%\s*\p{Script=Han}+$/u.test(unitText)) unitText = '%';
  let label = prefix.label;
  // `每百公斤 0.3 万元` is a unit price: 万元/百公斤.
  if (label?.startsWith('每') && label.length > 1) {
    unitText = `${unitText}/${label.slice(1)}`;
    label = null;
  }
  return { kind: 'numeric', text, comparator, value: decimalString(body[1] ?? '0'), unit: cleanUnit(unitText), approximate, label };
}

const HAN_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一…九十九 (`三年`, `两年`, `十二个月`); null for anything else. */
function hanNumber(digits: string): number | null {
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(digits);
  if (!match || digits === '') return null;
  const [, first, ten, last] = match;
  if (!ten) return last === undefined && first !== undefined ? (HAN_DIGITS[first] ?? null) : null;
  return (first === undefined ? 1 : (HAN_DIGITS[first] ?? 0)) * 10 + (last === undefined ? 0 : (HAN_DIGITS[last] ?? 0));
}

// Only counting units: `十分满意` must not read as 10 分满意.
const HAN_NUMERAL_VALUE = /^([一二两三四五六七八九十]{1,3})(年|个月|月|天|日|周|个|次|项|人|批次|批|本|套|份|家|件|篇|种)$/;

function readHanNumeral(s: string, text: string): NumericValue | null {
  const match = HAN_NUMERAL_VALUE.exec(s);
  const value = match ? hanNumber(match[1] ?? '') : null;
  if (!match || value === null) return null;
  return { kind: 'numeric', text, comparator: null, value: String(value), unit: match[2] ?? null, approximate: false, label: null };
}

const YEAR = String.raw`((?:19|20)\d{2})`;
const DEADLINE = /^(?:底|末|前|之前|以前|内|以内|止|前后)/;
const DATE_POINT = new RegExp(String.raw`^${YEAR}年度?(?:(\d{1,2})月(?:份)?)?(?:(\d{1,2})[日号])?(.*)$`);
const YEAR_PERIOD = new RegExp(String.raw`^${YEAR}年?度?(?:-|~|至|到)${YEAR}年度?(.*)$`);
const MONTH_PERIOD = new RegExp(String.raw`^(?:${YEAR}年)?(\d{1,2})月?(?:-|~|至|到)(?:${YEAR}年)?(\d{1,2})月(?:份)?(?:底|末)?$`);
const YEAR_WITH_LENGTH = new RegExp(String.raw`^${YEAR}年度?(\d+|[一两二三])(?:个)?年(?:度)?$`);

const intOrNull = (digits: string | undefined): number | null => (digits === undefined ? null : Number.parseInt(digits, 10));

/** Dates and periods; `N 年` on its own is a duration and stays numeric. */
function readDate(s: string, text: string): DateValue | PeriodValue | null {
  const years = YEAR_PERIOD.exec(s);
  if (years) {
    const tail = years[3] ?? '';
    if (tail === '' || /^(?:\d+|[一两二三四五六七八九十]+)年$|^期间$/.test(tail)) {
      return { kind: 'period', text, from: { year: intOrNull(years[1]), month: null }, to: { year: intOrNull(years[2]), month: null } };
    }
  }
  const months = MONTH_PERIOD.exec(s);
  if (months) {
    const fromYear = intOrNull(months[1]);
    return {
      kind: 'period',
      text,
      from: { year: fromYear, month: intOrNull(months[2]) },
      to: { year: intOrNull(months[3]) ?? fromYear, month: intOrNull(months[4]) },
    };
  }
  const length = YEAR_WITH_LENGTH.exec(s);
  if (length) {
    const year = intOrNull(length[1]) ?? 0;
    const count = /^\d+$/.test(length[2] ?? '') ? Number.parseInt(length[2] ?? '1', 10) : (hanNumber(length[2] ?? '') ?? 1);
    return { kind: 'period', text, from: { year, month: null }, to: { year: year + Math.max(count, 1) - 1, month: null } };
  }
  const point = DATE_POINT.exec(s);
  if (!point) return null;
  const tail = point[4] ?? '';
  const before = DEADLINE.test(tail);
  // A date may be followed by `完成`/`前完成`; anything else is prose that merely starts with a year.
  if (!(tail === '' || before || /^完成/.test(tail))) return null;
  return { kind: 'date', text, year: intOrNull(point[1]) ?? 0, month: intOrNull(point[2]), day: intOrNull(point[3]), before };
}

const RANGE = new RegExp(String.raw`^(.*?)(${NUMBER})(${UNIT})(?:-|~|至|到)(${NUMBER})(${UNIT})$`, 'u');

/** `1-3个`, `90%-95%`, `90-95%`: the unit printed once or on both ends, never two different units. */
function readRange(s: string, text: string): RangeValue | null {
  const match = RANGE.exec(s);
  if (!match) return null;
  const [, prefix, low, lowUnit, high, highUnit] = match;
  if (prefix !== '' || low === undefined || high === undefined) return null;
  if (lowUnit !== '' && lowUnit !== highUnit) return null;
  return { kind: 'range', text, low: decimalString(low), high: decimalString(high), unit: cleanUnit(highUnit ?? '') };
}

/** `53 宗、1290 亩`, `图斑 5949 个、面积 15363.41 亩`: every part must read as a number. */
function readCompound(s: string, text: string): CompoundValue | null {
  const pieces = s.split(/[、,;]|和|及/u).filter((piece) => piece !== '');
  if (pieces.length < 2) return null;
  const parts = pieces.map((piece) => readNumeric(piece, piece));
  return parts.every((part): part is NumericValue => part !== null) ? { kind: 'compound', text, parts } : null;
}

/** `已完成 2 次验收` style prose still says done; digits alone do not make it a figure. */
function readStatusWithDigits(s: string, text: string): StatusValue | null {
  const status = readStatus(s);
  return status ? { kind: 'status', text, status } : null;
}

/**
 * Reads a printed target or actual. Never throws: what no rule reads comes back as `qualitative`
 * (words only) or `unparsed` (digits in an unknown shape), with the text as printed.
 */
export function parseIndicatorValue(text: string | null): IndicatorValue {
  const printed = text ?? '';
  const cleaned = cleanText(printed);
  // Digits split by a gap (`209.891 735 万`) are a broken number or two numbers: neither may be guessed.
  if (/\d\s+\d/.test(cleaned)) return { kind: 'unparsed', text: printed };
  const s = cleaned.replace(/\s+/g, '');
  if (EMPTY.test(s)) return { kind: 'empty', text: printed };
  if (!/\d/.test(s)) {
    const status = readStatus(s);
    if (status) return { kind: 'status', text: printed, status };
    return readHanNumeral(s, printed) ?? { kind: 'qualitative', text: printed };
  }
  return (
    readDate(s, printed) ??
    readRange(s, printed) ??
    readNumeric(s, printed) ??
    readCompound(s, printed) ??
    readStatusWithDigits(s, printed) ??
    { kind: 'unparsed', text: printed }
  );
}
