import type { Finding, ProseSentence, QuotedFigure } from '../../../schemas/index.ts';
import { proseFinding } from './prose-finding.ts';
import { Decimal } from 'decimal.js';
import { formatPercent, intervalOf, inWan, isAmount, overlaps, ratioPercent, type Interval } from './quoted-value.ts';

/** A change quoted as an amount: `比上年增加552.08万元`, `收入支出总计减少56.95万元`. */
const CHANGE = /(增加|增长|上升|多|减少|下降|降低|减|少)$/;
const UP = /^(增加|增长|上升|多)$/;
/** The rate that follows it: `增长6.2%`, `下降1.87%`. */
const RATE = /^(增长|增加|上升|下降|减少|降低)$/;
/** A rate given against a named earlier figure: `比2022年预算执行数增加60.54%`, `较上年下降5%`. */
const RELATIVE = /(比|较).*(增加|增长|上升|减少|下降|降低)$/;
/** A share of a whole: `占99.79%` (of the total before 其中), `占本年支出合计的100.00%` (named). */
const SHARE = /占(.*?)的?$/;
/** A completion rate: `完成年初预算的98.20%`, `完成预算的0%`. */
const COMPLETION = /完成(年初|调整)?预算(数)?的?$/;
/** Where a sentence turns from its total to the parts: `其中：`, `主要用于以下方面：`. */
const PARTS = /其中|主要用于|包括/;
/** The verdict on budget against outcome after a 年初预算 / 支出决算 pair. */
const VERDICT = /决算数?(大于|高于|超过|小于|低于|等于)(年初)?预算数?/;

/** `1094.41–1094.43`, or one figure when the range is one at two decimals. */
const span = (r: Interval): string => (r.lo.toFixed(2) === r.hi.toFixed(2) ? r.lo.toFixed(2) : `${r.lo.toFixed(2)}–${r.hi.toFixed(2)}`);

/** The range a printed figure stands for (see intervalOf). */
type Range = (figure: QuotedFigure) => Interval;

type Quoted = { figure: QuotedFigure; sentence: ProseSentence };

/**
 * The 说明's own arithmetic, recomputed from the figures it quotes: change rates (`比上年增加552.08万元，增长6.2%`),
 * shares (`占99.79%`), completion rates (`完成年初预算的98.20%`) and the verdict on budget against outcome
 * (`决算数小于预算数`). Each printed figure stands for the range its rounding allows, so a rate passes when the
 * printed rate can be the rounding of a ratio of values the printed amounts can be the rounding of, and fails
 * only when no such values exist. A rise from nothing (`增长100%` on a zero base) has no rate.
 */
export function checkProseArithmetic(sentences: readonly ProseSentence[], year: number | null = null, stage: 'budget' | 'final_accounts' | null = null): Finding[] {
  // A budget's amounts are exact (allocated in whole amounts, as its tables' sums are); a final account's are
  // what was spent to the fen, rounded to the 万元 it prints.
  const range: Range = (figure) => intervalOf(figure, stage === 'budget');
  const findings: Finding[] = [];
  const earlier: Quoted[] = [];
  let pair: { budget: QuotedFigure; outcome: QuotedFigure; paragraph: number } | null = null;
  const listed: Listed[] = [];
  for (const sentence of sentences) {
    const figures = sentence.figures;
    const budget = [...figures].reverse().find((f) => isAmount(f) && /预算/.test(f.label) && !/决算/.test(f.label));
    const outcome = [...figures].reverse().find((f) => isAmount(f) && /决算|执行/.test(f.label));
    if (budget && outcome) pair = { budget, outcome, paragraph: sentence.paragraph };
    const verdict = VERDICT.exec(sentence.text);
    if (verdict && pair && pair.paragraph === sentence.paragraph) findings.push(checkVerdict(range, sentence, verdict[1]!, pair));
    figures.forEach((figure, i) => {
      if (isAmount(figure) && CHANGE.test(figure.label)) {
        const next = figures[i + 1];
        const rate = next && next.unit === '%' && RATE.test(next.label) ? next : null;
        const base = changeBase(sentence, i, earlier);
        const result = base && checkChange(range, sentence, base, figure, rate, isEarlier(base.label, year));
        if (result) findings.push(result);
      } else if (figure.unit === '%' && RELATIVE.test(figure.label) && !(i > 0 && isAmount(figures[i - 1]!) && CHANGE.test(figures[i - 1]!.label))) {
        // `2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%`: both years quoted.
        const amounts = figures.slice(0, i).filter(isAmount);
        const before = [...amounts].reverse().find((f) => isEarlier(f.label, year));
        const now = [...amounts].reverse().find((f) => f !== before && !isEarlier(f.label, year) && !CHANGE.test(f.label));
        if (before && now) findings.push(checkRelative(range, sentence, now, before, figure));
      } else if (figure.unit === '%' && !RATE.test(figure.label)) {
        const completion = COMPLETION.test(figure.label) ? completionPair(figures, i) : null;
        if (completion) {
          findings.push(checkRatio(range, sentence, 'I8.prose.completion', completion.outcome, completion.budget, figure, `${completion.outcome.printed} of ${completion.budget.printed}`));
          return;
        }
        const share = SHARE.exec(figure.label);
        if (!share) return;
        const part = [...figures.slice(0, i)].reverse().find(isAmount);
        const whole = share[1] ? named(share[1], earlier, figures.slice(0, i)) : wholeBefore(sentence, figures.slice(0, i));
        if (part && whole && part !== whole) findings.push(checkRatio(range, sentence, 'I8.prose.share', part, whole, figure, `${part.label}${part.printed} of ${whole.label}${whole.printed}`));
        else if (part && !share[1]) listed.push({ sentence, part, share: figure });
      }
    });
    // A list of parts, each with its share of a whole the list does not name, ends where a figure without one comes.
    if (figures.some(isAmount) && !listed.some((l) => l.sentence === sentence)) findings.push(...checkList(range, listed.splice(0)));
    earlier.push(...figures.map((figure) => ({ figure, sentence })));
  }
  return [...findings, ...checkList(range, listed)];
}

type Listed = { sentence: ProseSentence; part: QuotedFigure; share: QuotedFigure };

/**
 * Shares listed one per item (`1.社会保障和就业支出170.11万元，占3.62%。` … `5.灾害防治…1760万元，占37.46%`) whose whole is
 * printed elsewhere or not at all: when the shares add up to 100 % (each to its rounding), the parts are the whole,
 * and each share is recomputed against their sum. A list that does not add up is some of the parts: left alone.
 */
function checkList(range: Range, list: readonly Listed[]): Finding[] {
  if (list.length < 2) return [];
  const shares = list.map((l) => range(l.share));
  const lo = shares.reduce((sum, r) => sum.plus(r.lo), new Decimal(0)), hi = shares.reduce((sum, r) => sum.plus(r.hi), new Decimal(0));
  if (lo.gt(100) || hi.lt(100)) return [];
  const parts = list.map((l) => range(l.part));
  const whole: Interval = { lo: parts.reduce((sum, r) => sum.plus(r.lo), new Decimal(0)), hi: parts.reduce((sum, r) => sum.plus(r.hi), new Decimal(0)) };
  const total = list.reduce((sum, l) => sum.plus(inWan(l.part)), new Decimal(0));
  return list.map((l) => {
    const computed = ratioPercent(range(l.part), whole);
    const ok = computed !== null && overlaps(computed, range(l.share));
    return proseFinding('I8.prose.share', ok ? 'pass' : 'fail', l.sentence, {
      message: `${l.part.label}${l.part.printed} of the ${list.length} listed parts' ${total.toFixed(2)}万元 (their shares add up to 100 %) is ${computed ? formatPercent(computed) : '—'}; printed ${l.share.label}${l.share.printed}`,
      expected: computed ? formatPercent(computed) : null, printed: l.share.printed,
    }, ok ? 'info' : 'warning');
  });
}

/** What a change is a change of: the amount quoted before it in the sentence, or the same subject's amount in the sentence before. */
function changeBase(sentence: ProseSentence, index: number, earlier: readonly Quoted[]): QuotedFigure | null {
  const before = sentence.figures.slice(0, index).filter((f) => isAmount(f) && !CHANGE.test(f.label));
  if (before.length) return before[before.length - 1]!;
  const subject = sentence.figures[index]!.label.replace(CHANGE, '').replace(/^(与|比|较).*?(相比|比)?$/, '');
  if (subject.length < 2) return null;
  const previous = [...earlier].reverse().find((q) => q.sentence.paragraph === sentence.paragraph && isAmount(q.figure) && q.figure.label.endsWith(subject));
  return previous?.figure ?? null;
}

/** An amount of the year before (`上年…`, `2016年度部门支出预算安排为…` in a 2017 document): a change is measured from it. */
function isEarlier(label: string, year: number | null): boolean {
  if (/上年|上一年|去年/.test(label)) return true;
  // The year nearest the figure is the one it is of (`2017年度…与2016年度相比（2016年度…为`).
  const said = [...label.matchAll(/((?:19|20)\d{2})年/g)].pop();
  return year !== null && said !== undefined && Number(said[1]) < year;
}

function checkChange(range: Range, sentence: ProseSentence, base: QuotedFigure, change: QuotedFigure, rate: QuotedFigure | null, baseIsBefore: boolean): Finding | null {
  const up = UP.test(CHANGE.exec(change.label)![1]!);
  const now = range(base), delta = range(change);
  if (rate && UP.test(RATE.exec(rate.label)![1]!) !== up) {
    return proseFinding('I8.prose.change', 'fail', sentence, {
      message: `says ${change.label.slice(-2)} ${change.printed} but ${rate.label}${rate.printed}: a change cannot go both ways`,
      expected: `${up ? '增长' : '下降'}${rate.printed}`, printed: `${rate.label}${rate.printed}`,
    });
  }
  if (!rate) return null;
  // The year before: now − change for a rise, now + change for a fall, over the rounding ranges.
  const before: Interval = baseIsBefore ? now
    : up ? { lo: now.lo.minus(delta.hi), hi: now.hi.minus(delta.lo) } : { lo: now.lo.plus(delta.lo), hi: now.hi.plus(delta.hi) };
  if (up && before.lo.lte(0)) {
    return proseFinding('I8.prose.zero-base', 'fail', sentence, {
      message: `${base.label}${base.printed} rose by ${change.printed} from nothing: a rise from a zero base has no rate, yet ${rate.label}${rate.printed} is printed`,
      expected: 'no rate', printed: `${rate.label}${rate.printed}`,
    }, 'warning');
  }
  const computed = ratioPercent(delta, before);
  if (!computed) return null;
  const ok = overlaps(computed, range(rate));
  return proseFinding('I8.prose.change', ok ? 'pass' : 'fail', sentence, {
    message: `${change.label}${change.printed} from ${baseIsBefore ? base.printed : `${span(before)}万元 (${base.printed} ${up ? '−' : '+'} the change)`} is ${formatPercent(computed)}; printed ${rate.label}${rate.printed}`,
    expected: formatPercent(computed), printed: rate.printed,
  }, ok ? 'info' : 'warning');
}

/** (now − before) / before against the printed rate, the sign from the verb. */
function checkRelative(range: Range, sentence: ProseSentence, now: QuotedFigure, before: QuotedFigure, rate: QuotedFigure): Finding {
  const up = /(增加|增长|上升)$/.test(rate.label);
  const a = range(now), b = range(before);
  if (up && b.lo.lte(0)) {
    return proseFinding('I8.prose.zero-base', 'fail', sentence, {
      message: `${now.label}${now.printed} rose from ${before.label}${before.printed}: a rise from a zero base has no rate, yet ${rate.label}${rate.printed} is printed`,
      expected: 'no rate', printed: `${rate.label}${rate.printed}`,
    }, 'warning');
  }
  const change: Interval = up ? { lo: a.lo.minus(b.hi), hi: a.hi.minus(b.lo) } : { lo: b.lo.minus(a.hi), hi: b.hi.minus(a.lo) };
  const computed = change.hi.lt(0) ? null : ratioPercent({ lo: change.lo.lt(0) ? change.lo.times(0) : change.lo, hi: change.hi }, b);
  const ok = computed !== null && overlaps(computed, range(rate));
  return proseFinding('I8.prose.change', ok ? 'pass' : 'fail', sentence, {
    message: `${now.label}${now.printed} against ${before.label}${before.printed} is ${computed ? `${up ? 'a rise' : 'a fall'} of ${formatPercent(computed)}` : `a ${up ? 'fall' : 'rise'}`}; printed ${rate.label}${rate.printed}`,
    expected: computed ? formatPercent(computed) : null, printed: rate.printed,
  }, ok ? 'info' : 'warning');
}

function checkRatio(range: Range, sentence: ProseSentence, code: string, part: QuotedFigure, whole: QuotedFigure, printed: QuotedFigure, what: string): Finding {
  const computed = ratioPercent(range(part), range(whole));
  const ok = computed !== null && overlaps(computed, range(printed));
  return proseFinding(code, ok ? 'pass' : 'fail', sentence, {
    message: `${what} is ${computed ? formatPercent(computed) : 'undefined (a zero whole)'}; printed ${printed.label}${printed.printed}`,
    expected: computed ? formatPercent(computed) : null, printed: printed.printed,
  }, ok ? 'info' : 'warning');
}

/** The 预算 and 决算 amounts a completion rate is the ratio of, quoted before it in its sentence. */
function completionPair(figures: readonly QuotedFigure[], index: number): { budget: QuotedFigure; outcome: QuotedFigure } | null {
  const before = figures.slice(0, index).filter(isAmount).reverse();
  const outcome = before.find((f) => /决算|执行|支出/.test(f.label) && !/预算/.test(f.label.replace(/一般公共预算|政府性基金预算|国有资本经营预算/g, '')));
  const budget = before.find((f) => f !== outcome && /预算/.test(f.label));
  return budget && outcome ? { budget, outcome } : null;
}

/** The total a bare `占` refers to: the amount before the sentence turns to its parts (其中, 主要用于). */
function wholeBefore(sentence: ProseSentence, before: readonly QuotedFigure[]): QuotedFigure | null {
  const turn = PARTS.exec(sentence.text);
  if (!turn) return null;
  const total = before.filter((f) => isAmount(f) && f.at < turn.index);
  return total[total.length - 1] ?? null;
}

/** A whole named in the share (`占本年支出合计的`): the latest amount quoted under that name. */
function named(name: string, earlier: readonly Quoted[], here: readonly QuotedFigure[]): QuotedFigure | null {
  const all = [...earlier.map((q) => q.figure), ...here].filter(isAmount);
  return [...all].reverse().find((f) => f.label.endsWith(name)) ?? null;
}

function checkVerdict(range: Range, sentence: ProseSentence, word: string, pair: { budget: QuotedFigure; outcome: QuotedFigure }): Finding {
  const budget = range(pair.budget), outcome = range(pair.outcome);
  const more = outcome.lo.gt(budget.hi), less = outcome.hi.lt(budget.lo);
  const actual = more ? '大于' : less ? '小于' : '等于';
  const said = /大于|高于|超过/.test(word) ? '大于' : /小于|低于/.test(word) ? '小于' : '等于';
  const ok = said === actual;
  return proseFinding('I8.prose.verdict', ok ? 'pass' : 'fail', sentence, {
    message: `决算 ${pair.outcome.printed} against 预算 ${pair.budget.printed}: the outcome is ${actual === '等于' ? 'equal to' : actual === '大于' ? 'more than' : 'less than'} the budget; the text says 决算数${word}预算数`,
    expected: `决算数${actual}预算数`, printed: `决算数${word}预算数`,
  });
}
