import type { CheckedTable, DepartmentTable, DocumentFindings, Evidence, Finding, ValidatedRecord } from '../../../schemas/index.ts';
import { Decimal } from '../decimal.ts';
import { isTargetForm, findTotalRow } from '../record-fields.ts';
import { normalizeCode } from '../department/codes.ts';
import { checkProseAgainstTables } from '../prose/prose-tables.ts';
import { ACCOUNT, bare, findAccount, namesByCode } from '../prose/prose-accounts.ts';
import { proseFinding } from '../prose/prose-finding.ts';
import { intervalOf, isAmount, halfUnit, type Interval } from '../prose/quoted-value.ts';
import { agrees, cellEvidence, cellsOf, describeCell, printedCell } from '../prose/table-cells.ts';
import { sameDepartment } from './same-department.ts';

/** A finding about one stored document that another document of the same unit and year proves. */
export type AcrossFinding = { documentId: string; file: string; department: string | null; fiscalYear: number | null; finding: Finding };

/**
 * Checks between the documents of one unit and year, once all are stored: the 说明 of a document without
 * tables against the tables published in another file (Jiangsu's 说明 and 公开表); the 项目支出 lines of the
 * budget tables against the project forms' budgets; the 年初预算 a final account quotes for a 科目 against the
 * budget that was published for it.
 */
export function checkAcrossDocuments(records: readonly Pick<ValidatedRecord, 'record'>[], tables: readonly CheckedTable[], documents: readonly DocumentFindings[]): AcrossFinding[] {
  const found = [...proseAgainstOtherTables(tables, documents), ...projectsAgainstForms(records, tables), ...finalAgainstBudget(tables, documents)];
  return found.map((a) => ({ ...a, finding: { ...a.finding, evidence: a.finding.evidence.map((e) => locate(e, a.documentId, tables)) } }));
}

/** A table cell of another document says which document and table it is in (the finding is on this one). */
function locate(evidence: Evidence, documentId: string, tables: readonly CheckedTable[]): Evidence {
  if (evidence.form || evidence.field === 'prose') return evidence;
  const name = evidence.field.split('.rows[')[0];
  const table = tables.map((t) => t.table).find((t) => t.source.documentId !== documentId && (t.tableNo || t.title) === name);
  return table ? { ...evidence, form: { documentId: table.source.documentId, file: table.source.file, ordinal: table.source.ordinal } } : evidence;
}

const sameUnitYear = (a: { department: string | null; fiscalYear: number | null }, b: { department: string | null; fiscalYear: number | null }) =>
  a.fiscalYear !== null && a.fiscalYear === b.fiscalYear && sameDepartment(a.department, b.department);

function proseAgainstOtherTables(tables: readonly CheckedTable[], documents: readonly DocumentFindings[]): AcrossFinding[] {
  return documents.flatMap((doc) => {
    if (tables.some((t) => t.table.source.documentId === doc.documentId)) return [];
    const subject = doc.subject;
    const others = tables.map((t) => t.table).filter((t) => sameUnitYear(t, subject) && (t.stage ?? subject.stage) === subject.stage);
    if (!others.length) return [];
    const files = [...new Set(others.map((t) => t.source.file))].join(', ');
    return checkProseAgainstTables(doc.prose, others, subject).map((finding) => ({
      documentId: doc.documentId, file: doc.file, department: subject.department, fiscalYear: subject.fiscalYear,
      finding: { ...finding, message: `${finding.message} (tables of ${files})` },
    }));
  });
}

/** A project's name as compared: no spacing, quotes, brackets or leading year (`2023年度`). */
const projectKey = (name: string): string =>
  name.normalize('NFKC').replace(/\s+/g, '').replace(/["'“”‘’《》()（）【】\[\]]/g, '').replace(/^(19|20)\d{2}年度?/, '');

/**
 * 项目支出 lines (a table row that names its project) against the target forms of the same unit and year: a form
 * and a line of the same project must give it the same budget. Names match whole or one within the other;
 * projects on one side only are listed, not failed (a 结转 project has a form and no line of this year's table).
 */
function projectsAgainstForms(records: readonly Pick<ValidatedRecord, 'record'>[], tables: readonly CheckedTable[]): AcrossFinding[] {
  const out: AcrossFinding[] = [];
  const lines = tables.flatMap(({ table }) => table.stage === 'budget' ? table.rows.flatMap((row, i) => (row.projectName ? [{ table, row: i, name: row.projectName }] : [])) : []);
  const forms = records.filter((v) => isTargetForm(v.record) && v.record.projectName && findTotalRow(v.record)?.row.annualBudget !== null);
  for (const v of forms) {
    const r = v.record;
    const key = projectKey(r.projectName!);
    const matches = lines.filter((l) => sameUnitYear(l.table, r) && (() => {
      const other = projectKey(l.name);
      return other === key || (Math.min(other.length, key.length) >= 6 && (other.includes(key) || key.includes(other)));
    })());
    if (!matches.length) continue;
    const total = findTotalRow(r)!;
    const scale = r.funds.unit.includes('万') ? new Decimal(1) : new Decimal('0.0001');
    const printed = r.printed[`funds.rows[${total.index}].annualBudget`] ?? String(total.row.annualBudget);
    const decimals = /\.(\d+)/.exec(printed)?.[1]?.length ?? 0;
    const value = new Decimal(String(total.row.annualBudget)).times(scale);
    const formRange: Interval = { lo: value.minus(halfUnit(decimals).times(scale)), hi: value.plus(halfUnit(decimals).times(scale)) };
    const cells = cellsOf(matches.map((m) => m.table)).filter((c) => matches.some((m) => m.table === c.table && m.row === c.row));
    const agree = cells.find((c) => agrees(formRange, c));
    const formEvidence: Evidence = {
      field: `funds.rows[${total.index}].annualBudget`, page: r.provenance[`funds.rows[${total.index}].annualBudget`]?.page ?? r.source.page,
      bbox: r.provenance[`funds.rows[${total.index}].annualBudget`]?.bbox ?? null, printed,
      form: { documentId: r.source.documentId, file: r.source.file, ordinal: r.source.ordinal },
    };
    const finding: Finding = {
      code: 'X.project-budget', kind: 'check', status: agree ? 'pass' : 'fail', severity: agree ? 'info' : 'error',
      message: agree
        ? `${r.projectName}: the form's ${printed}${r.funds.unit} is the 项目支出 line in ${describeCell(agree)}`
        : `${r.projectName}: the form budgets ${printed}${r.funds.unit}; the 项目支出 lines print ${[...new Set(cells.map((c) => `${printedCell(c)} (${describeCell(c)})`))].slice(0, 3).join(', ')}`,
      expected: agree ? null : [...new Set(cells.map(printedCell))].slice(0, 3).join(' / '), printed,
      evidence: [formEvidence, ...(agree ? [cellEvidence(agree)] : cells.slice(0, 3).map(cellEvidence))],
    };
    out.push({ documentId: r.source.documentId, file: r.source.file, department: r.department, fiscalYear: r.fiscalYear, finding });
  }
  return out;
}

/**
 * The 年初预算 a final account's 说明 quotes for a 科目 (`行政运行（项）…年初预算为1560.05万元`) against the budget
 * tables published for that unit and year: the 科目's row there must print it. A 科目 the budget does not print
 * is left alone (it may have been added during the year).
 */
function finalAgainstBudget(tables: readonly CheckedTable[], documents: readonly DocumentFindings[]): AcrossFinding[] {
  const out: AcrossFinding[] = [];
  for (const doc of documents.filter((d) => d.subject.stage === 'final_accounts')) {
    const budget: DepartmentTable[] = tables.map((t) => t.table).filter((t) => t.stage === 'budget' && sameUnitYear(t, doc.subject));
    if (!budget.length) continue;
    const cells = cellsOf(budget);
    const names = namesByCode(cells);
    let codes: string[] = [];
    let paragraph = -1;
    for (const sentence of doc.prose) {
      const match = ACCOUNT.exec(sentence.text);
      if (match) {
        const [, cls, section, item] = match.map((m) => (m === undefined ? undefined : bare(m)));
        codes = findAccount(names, cls, section, item).fits;
        paragraph = sentence.paragraph;
      } else if (sentence.paragraph !== paragraph) codes = [];
      if (!codes.length) continue;
      for (const figure of sentence.figures.filter((f) => isAmount(f) && /年初预算|预算数/.test(f.label) && !/调整/.test(f.label))) {
        const rows = cells.filter((c) => codes.includes(normalizeCode(c.table.rows[c.row]!.code) ?? ''));
        if (!rows.length) continue;
        const quoted: Interval = intervalOf(figure);
        const agree = rows.find((c) => agrees(quoted, c));
        const files = [...new Set(budget.map((t) => t.source.file))].join(', ');
        out.push({
          documentId: doc.documentId, file: doc.file, department: doc.subject.department, fiscalYear: doc.subject.fiscalYear,
          finding: proseFinding('X.budget-final', agree ? 'pass' : 'fail', sentence, agree
            ? { message: `${match?.[0] ?? codes.join(', ')} 年初预算 ${figure.printed} is the budget's ${describeCell(agree)} (${files})`, evidence: [cellEvidence(agree)] }
            : {
              message: `the final account quotes 年初预算 ${figure.printed} for ${codes.join(', ')}; the budget (${files}) prints ${[...new Set(rows.map((c) => `${printedCell(c)} (${describeCell(c)})`))].slice(0, 3).join(', ')}`,
              expected: [...new Set(rows.map(printedCell))].slice(0, 3).join(' / '), printed: figure.printed, evidence: rows.slice(0, 3).map(cellEvidence),
            }, agree ? 'info' : 'warning'),
        });
      }
    }
  }
  return out;
}
