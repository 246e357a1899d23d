import type { DocumentSubject, Finding, ProseSentence } from '../../../schemas/index.ts';
import { normalizeCode } from '../department/codes.ts';
import { normalizeLabel } from '../department/labels.ts';
import { proseFinding } from './prose-finding.ts';
import { intervalOf, isAmount } from './quoted-value.ts';
import { agrees, cellEvidence, describeCell, printedCell, type Cell } from './table-cells.ts';

/**
 * A 科目 named by its levels, as the 说明 explains each line of its 功能分类 table:
 * `1.一般公共服务（类）信访事务（款）行政运行（项）`, `1.法院（款）行政运行（项）支出14857.61万元`. A name may hold an
 * aside of its own (`党委办公厅(室)及相关机构事务（款）`).
 */
const NAME = String.raw`(?:[^()（）\d.、,，:：;；。]|[(（](?![类款项][)）])[^()（）]{1,6}[)）])+?`;
export const ACCOUNT = new RegExp(String.raw`(?:(${NAME})[(（]类[)）])?(?:(${NAME})[(（]款[)）])?(${NAME})[(（]项[)）]`);

/** A 科目 name as compared: texts often leave the 类's 支出 out (`一般公共服务（类）` for 一般公共服务支出). */
export const bare = (name: string): string => normalizeLabel(name).replace(/["'“”‘’]/g, '').replace(/支出$/, '');

/** 功能分类 names by code, every way the tables print them (an OCR'd copy may misread one of several). */
export function namesByCode(cells: readonly Cell[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const c of cells) {
    const row = c.table.rows[c.row]!;
    const code = normalizeCode(row.code);
    if (!code || !/^2\d{2}(\d{2}){0,2}$/.test(code)) continue;
    names.set(code, (names.get(code) ?? new Set()).add(bare(row.name)));
  }
  return names;
}

/**
 * The 项 codes a 科目 path names: `sameItem` bear the 项's name, `fits` also sit under the 类 and 款 it names
 * (each level compared without a trailing 支出).
 */
export function findAccount(names: Map<string, Set<string>>, cls: string | undefined, section: string | undefined, item: string | undefined): { sameItem: string[]; fits: string[] } {
  const has = (code: string, name: string | undefined) => name === undefined || (names.get(code)?.has(name) ?? false);
  const sameItem = [...names.keys()].filter((code) => code.length === 7 && item !== undefined && has(code, item));
  return { sameItem, fits: sameItem.filter((code) => has(code.slice(0, 5), section) && has(code.slice(0, 3), cls)) };
}

/** A code's name as a table prints it, for messages. */
function printedName(cells: readonly Cell[], code: string): string {
  const cell = cells.find((c) => normalizeCode(c.table.rows[c.row]!.code) === code);
  return cell ? normalizeLabel(cell.table.rows[cell.row]!.name) : '?';
}

/**
 * The 说明's lines on single 科目 against the 功能分类 tables: the 项 it names must be printed under that 类 and 款
 * (a 科目 renamed in the text, `医疗卫生与计划生育支出` for 210, shows here), and the amount it gives for it (支出决算
 * in final accounts, the budget in a budget) must be in that 项's row. A line whose 项 the tables do not print at
 * all is left alone: the text may explain a 科目 of a table this document does not hold.
 */
export function checkAccountLines(sentences: readonly ProseSentence[], cells: readonly Cell[], subject: DocumentSubject): Finding[] {
  const names = namesByCode(cells);
  if (![...names.keys()].some((code) => code.length === 7)) return [];
  const findings: Finding[] = [];
  let current: { codes: string[]; paragraph: number; path: string } | null = null;
  for (const sentence of sentences) {
    const match = ACCOUNT.exec(sentence.text);
    if (match) {
      const [, cls, section, item] = match.map((m) => (m === undefined ? undefined : bare(m)));
      const { sameItem, fits } = findAccount(names, cls, section, item);
      const path = match[0];
      current = fits.length ? { codes: fits, paragraph: sentence.paragraph, path } : null;
      if (!fits.length && sameItem.length) {
        const code = sameItem[0]!;
        const printed = [code.slice(0, 3), code.slice(0, 5), code].map((c, i) => `${printedName(cells, c)}${['（类）', '（款）', '（项）'][i]}`).join('');
        findings.push(proseFinding('I8.prose.name', 'fail', sentence, {
          message: `the text names ${path}; the tables print ${item} (${code}) under ${printed}`,
          expected: printed, printed: path,
        }, 'warning'));
      }
    } else if (current && current.paragraph !== sentence.paragraph) {
      current = null;
    }
    if (!current) continue;
    for (const figure of sentence.figures.filter(isAmount)) {
      if (!isOwnAmount(figure.label, subject)) continue;
      const rows = cells.filter((c) => current!.codes.includes(normalizeCode(c.table.rows[c.row]!.code) ?? '') && c.table.kind !== 'overview');
      if (!rows.length) continue;
      const quoted = intervalOf(figure);
      const agree = rows.find((c) => agrees(quoted, c));
      findings.push(agree
        ? proseFinding('I8.prose.figure', 'pass', sentence, { message: `${current.path} ${figure.label}${figure.printed} is printed in ${describeCell(agree)}`, evidence: [cellEvidence(agree)] })
        : proseFinding('I8.prose.figure', 'fail', sentence, {
          message: `the text says ${current.path} ${figure.label}${figure.printed}; the tables print ${[...new Set(rows.map((c) => `${printedCell(c)} (${describeCell(c)})`))].slice(0, 3).join(', ')}`,
          expected: [...new Set(rows.map(printedCell))].slice(0, 3).join(' / '), printed: figure.printed, evidence: rows.slice(0, 3).map(cellEvidence),
        }));
    }
  }
  return findings;
}

/** The amount the tables print for the 科目: what was spent in final accounts, what is budgeted in a budget; not the change. */
function isOwnAmount(label: string, subject: DocumentSubject): boolean {
  if (/比|较|相比|增加|减少|增长|下降|上年/.test(label)) return false;
  const words = label.replace(/一般公共预算|政府性基金预算|国有资本经营预算/g, '');
  if (subject.stage === 'final_accounts') return /决算|支出$/.test(words) && !/预算/.test(words);
  return /预算|支出$|安排/.test(words) && !/决算|执行/.test(words);
}
