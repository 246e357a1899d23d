import type { DepartmentTable, DocumentSubject, Finding, ProseSentence, QuotedFigure } from '../../../schemas/index.ts';
import { normalizeCode } from '../department/codes.ts';
import { normalizeLabel, normalizeTitle } from '../department/labels.ts';
import { proseFinding } from './prose-finding.ts';
import { intervalOf, isAmount } from './quoted-value.ts';
import { checkAccountLines } from './prose-accounts.ts';
import { agrees, cellEvidence as evidence, cellsOf, describeCell as describe, printedCell as fmt, type Cell } from './table-cells.ts';

/** Words that say how a figure relates, not what it is of: a label made only of them names nothing in a table. */
const STAGE_WORDS = /年初|调整|全年|预算|决算|执行|数|安排|支出$/g;
/** A label that compares (比上年, 与2023年度相比) or counts a change names a difference, not a printed cell. */
const NOT_A_CELL = /比|较|相比|同比|增加|减少|增长|下降|上升|降低|平均|累计|约|超过|不足|以上|以下|单价|金额为?$/;
/** Amounts that are not the tables' subject: procurement contracts, assets, projects, performance. */
const OFF_TABLE = /采购|资产|项目\d|绩效|评价|中小企业|小微企业|设备|车辆|房屋|价值|合同/;

/** A 科目 named by level: `一般公共服务支出（类）财政事务（款）行政运行（项）`. */
const ACCOUNT = /[(（](类|款|项)[)）]/;
/** Fund types whose names hold the word 预算: they say which budget, not that the figure is a budget. */
const FUND_TYPES = /一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算/g;

/** A budget figure quoted in final accounts (`年初预算为…`), or an outcome in a budget: not what the tables print. */
function otherStage(label: string, subject: DocumentSubject): boolean {
  const words = label.replace(FUND_TYPES, '');
  return subject.stage === 'final_accounts' ? /预算/.test(words) : subject.stage === 'budget' ? /决算|执行|完成/.test(words) : false;
}

/** `收入支出总计` is both `收入总计` and `支出总计`, as 收支总表s print a 总计 on each side. */
const bothSides = (label: string): string[] => (label.includes('收入支出') ? [label.replace('收入支出', '收入'), label.replace('收入支出', '支出')] : [label]);

/** A label as compared with row names: no unit/year prefix, asides, quotes or enumerators. */
export function bareLabel(label: string, subject: DocumentSubject): string {
  let text = label.normalize('NFKC').replace(/\s+/g, '');
  if (subject.department) text = text.split(subject.department).pop()!;
  text = text.replace(/^.*?(19|20)\d{2}年度?/, '').replace(/^(本部门|本单位|全年|其中:?|主要用于以下方面:?|主要用于:?)+/, '');
  return normalizeLabel(text.replace(/[(（][^()（）]*[)）]/g, '').replace(/["'“”‘’]/g, ''));
}

const bareName = (name: string): string => normalizeLabel(name.replace(/[(（][^()（）]*[)）]/g, '')).replace(/["'“”‘’]/g, '');
const sideWord = (key: string): string => (key.startsWith('income') ? '收入' : key.startsWith('expenditure') ? '支出' : '');

function withoutStageWords(label: string): string {
  let text = label;
  for (let previous = ''; previous !== text; ) (previous = text), (text = text.replace(STAGE_WORDS, ''));
  return text;
}

/** A column's own name: the last header part that is not a bare measure (`支出/基本支出/金额` → `基本支出`). */
function columnName(c: Cell): string {
  const parts = c.table.columns.find((k) => k.key === c.key)!.header.split('/').map(bareName);
  return [...parts].reverse().find((p) => p && !/^(金额|决算数|预算数|本年|数|决算|预算)$/.test(p)) ?? '';
}

/** A cell's row name, column name and table title as compared, worked out once per cell (every figure asks). */
const names = new WeakMap<Cell, { row: string; header: string; title: string }>();
function namesOf(c: Cell): { row: string; header: string; title: string } {
  let known = names.get(c);
  if (!known) names.set(c, (known = { row: bareName(c.table.rows[c.row]!.name), header: columnName(c), title: normalizeTitle(c.table.title) }));
  return known;
}

/** Words a table's title adds to what it is of (`一般公共预算财政拨款基本支出` + `决算表`). */
const TITLE_FRAME = /部门|综合|财务|预算|决算|表|收入|支出|收支|情况|总|合计|(19|20)\d{2}年度?/g;

/**
 * The cells a label can name, by any of these: a row of that name (on a two-sided table also `收入`/`支出` with
 * the row's name on that side); a column of that name in a table's total rows; either of these after a scope the
 * table's title names (`财政拨款` + `收入支出总计` in 财政拨款收入支出决算总表); the total rows of a table whose title
 * is of exactly what the label names (`一般公共预算财政拨款基本支出` → 一般公共预算财政拨款基本支出决算表).
 */
function candidates(label: string, cells: readonly Cell[]): Cell[] {
  const isTotal = (c: Cell) => c.table.rows[c.row]!.kind === 'total';
  const names = (c: Cell, wanted: ReadonlySet<string>) => {
    const side = sideWord(c.key);
    const { row, header } = namesOf(c);
    if (wanted.has(row) || wanted.has(side + row) || wanted.has(row + side)) return true;
    return isTotal(c) && header.length >= 2 && (wanted.has(header) || wanted.has(side + header) || wanted.has(header + side));
  };
  const subject = withoutStageWords(label);
  // `支出预算总计` is the 支出总计 of a budget: the stage word is the document's, not the row's.
  const bare = label.replace(/预算|决算/g, '');
  const wanted = new Set([label, ...(bare !== label && bare.length >= 4 ? [bare] : [])].flatMap(bothSides));
  // A scope says which money (`财政拨款`), not only which kind of table (`支出预算`).
  const scopes: [string, string][] = [];
  for (let cut = label.length - 2; cut >= 2; cut--) {
    const scope = label.slice(0, cut);
    if (scope.replace(TITLE_FRAME, '').length >= 2) scopes.push([scope, label.slice(cut)]);
  }
  const perTitle = new Map<string, Set<string>>();
  const scoped = (title: string) => {
    let rest = perTitle.get(title);
    if (!rest) perTitle.set(title, (rest = new Set(scopes.filter(([scope]) => title.includes(scope)).flatMap(([, r]) => bothSides(r)))));
    return rest;
  };
  return cells.filter((c) => {
    if (names(c, wanted)) return true;
    const { title } = namesOf(c);
    const rest = scoped(title);
    if (rest.size && names(c, rest)) return true;
    return isTotal(c) && subject.length >= 4 && title.includes(subject) && !title.replace(subject, '').replace(TITLE_FRAME, '');
  });
}

/**
 * Figures of the 说明 against the tables' cells: an amount whose label names a row, a column total or a table
 * (`本年收入合计`, `财政拨款收入支出总计`, `基本支出`) must be printed in one of the cells it names, to the
 * rounding both print. A figure no cell answers to is not checked (the prose quotes much the tables do not hold).
 * 科目 quoted as `一般公共服务支出（类）` must be a 类 of that name where the tables print that amount.
 */
export function checkProseAgainstTables(sentences: readonly ProseSentence[], tables: readonly DepartmentTable[], subject: DocumentSubject): Finding[] {
  if (!tables.length) return [];
  const cells = cellsOf(tables);
  const findings: Finding[] = [];
  for (const sentence of sentences) {
    for (const figure of sentence.figures.filter(isAmount)) {
      const name = classNameCheck(sentence, figure, cells);
      if (name) findings.push(name);
      if (NOT_A_CELL.test(figure.label) || OFF_TABLE.test(figure.label) || otherStage(figure.label, subject)) continue;
      // A figure of one 科目 (`2.法院（款）一般行政事务管理（项）支出…`) is that 科目's row, not the label's words.
      if (ACCOUNT.test(sentence.text.slice(0, figure.at))) continue;
      const label = bareLabel(figure.label, subject);
      if (withoutStageWords(label).length < 2) continue;
      const found = candidates(label, cells);
      if (!found.length) continue;
      const quoted = intervalOf(figure);
      const agree = found.filter((c) => agrees(quoted, c));
      findings.push(agree.length
        ? proseFinding('I8.prose.figure', 'pass', sentence, { message: `${figure.label}${figure.printed} is printed in ${describe(agree[0]!)}`, evidence: agree.slice(0, 1).map(evidence) })
        : proseFinding('I8.prose.figure', 'fail', sentence, {
          message: `the text says ${figure.label}${figure.printed}; the tables print ${[...new Set(found.map((c) => `${fmt(c)} (${describe(c)})`))].slice(0, 3).join(', ')}`,
          expected: [...new Set(found.map(fmt))].slice(0, 3).join(' / '), printed: figure.printed, evidence: found.slice(0, 3).map(evidence),
        }));
    }
  }
  return [...findings, ...checkAccountLines(sentences, cells, subject)];
}

/** `一般公共服务支出（类）2106.66万元`: the 类 the tables print that amount under must bear that name. */
function classNameCheck(sentence: ProseSentence, figure: QuotedFigure, cells: readonly Cell[]): Finding | null {
  const named = /^(.*?)[(（]类[)）](支出)?$/.exec(figure.label.replace(/^.*[:：]/, ''));
  if (!named) return null;
  // `公共安全（类）支出` names 公共安全支出.
  const name = (bareName(named[1]!) + (named[2] ?? '')).replace(/(支出)+$/, '');
  const quoted = intervalOf(figure);
  const classes = cells.filter((c) => normalizeCode(c.table.rows[c.row]!.code)?.length === 3 && agrees(quoted, c));
  if (!classes.length) return null;
  const codes = new Set(classes.map((c) => normalizeCode(c.table.rows[c.row]!.code)));
  if (classes.some((c) => bareName(c.table.rows[c.row]!.name).replace(/(支出)+$/, '') === name) || codes.size !== 1) return null;
  const cell = classes[0]!;
  const printed = cell.table.rows[cell.row]!.name;
  return proseFinding('I8.prose.name', 'fail', sentence, {
    message: `the text names 类 ${[...codes][0]} ${named[1]}; the tables print ${figure.printed.replace(/万元|元/, '')} under ${[...codes][0]} ${printed}`,
    expected: printed, printed: named[1]!, evidence: [evidence(cell)],
  }, 'warning');
}

