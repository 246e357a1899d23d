import type { CheckedTable, DepartmentReport, DocumentFindings, Finding, Severity, ValidatedRecord } from '../../schemas/index.ts';
import { Decimal, sumDecimals, toDecimal } from '../../workers/validate/decimal.ts';
import { checkAcrossDocuments, type AcrossFinding } from '../../workers/validate/across/check-across.ts';
import { departmentKey } from '../../workers/validate/across/same-department.ts';
import { findTotalRow, isTargetForm } from '../../workers/validate/record-fields.ts';

export type ReportFilter = { department?: string; fiscalYear?: number };

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/** Cases listed per code; the rest are counted. Worst first, so a reviewer reads the ones that matter. */
const CASES_SHOWN = 10;
const BANDS: readonly [string, (score: number) => boolean][] = [
  ['100', (s) => s >= 100],
  ['95–99.99', (s) => s >= 95 && s < 100],
  ['90–94.99', (s) => s >= 90 && s < 95],
  ['80–89.99', (s) => s >= 80 && s < 90],
  ['60–79.99', (s) => s >= 60 && s < 80],
  ['below 60', (s) => s < 60],
];

/**
 * One report per department and year (as printed on the forms), largest departments first. A form that
 * prints no department (a 部门整体 form often leaves 主管部门 out) counts under its document's department.
 */
export function departmentReports(
  records: readonly ValidatedRecord[],
  filter: ReportFilter = {},
  documents: { tables?: readonly CheckedTable[]; checks?: readonly DocumentFindings[] } = {},
): DepartmentReport[] {
  const departmentOf = documentDepartments(records);
  type Group = { department: string | null; fiscalYear: number | null; records: ValidatedRecord[]; tables: CheckedTable[]; checks: DocumentFindings[]; across: AcrossFinding[] };
  const groups = new Map<string, Group>();
  const groupOf = (department: string | null, fiscalYear: number | null): Group | null => {
    // A unit asked for by one of its spellings is reported whole, as the overview counts it.
    if (filter.department !== undefined && departmentKey(department) !== departmentKey(filter.department)) return null;
    if (filter.fiscalYear !== undefined && fiscalYear !== filter.fiscalYear) return null;
    // `…委员会` and `…委员会本级` are one department, `中共江苏省委办公厅` and `江苏省委办公厅` too.
    const key = JSON.stringify([departmentKey(department), fiscalYear]);
    const group = groups.get(key) ?? { department, fiscalYear, records: [], tables: [], checks: [], across: [] };
    groups.set(key, group);
    return group;
  };
  for (const v of records) groupOf(v.record.department ?? departmentOf.get(v.record.source.documentId) ?? null, v.record.fiscalYear)?.records.push(v);
  for (const t of documents.tables ?? []) groupOf(t.table.department, t.table.fiscalYear)?.tables.push(t);
  for (const c of documents.checks ?? []) if (c.findings.length) groupOf(c.subject.department, c.subject.fiscalYear)?.checks.push(c);
  for (const a of checkAcrossDocuments(records, documents.tables ?? [], documents.checks ?? [])) groupOf(a.department, a.fiscalYear)?.across.push(a);
  return [...groups.values()]
    .map((g) => ({
      ...reportFor(g.department, g.fiscalYear, g.records),
      tables: tablesReport(g.tables),
      prose: proseReport(g.checks),
      across: { checks: countChecks(g.across.map((a) => a.finding)), cases: worstCases(g.across.filter((a) => a.finding.status === 'fail').map((a) => documentCase(a.file, null, a.finding))) },
    }))
    .sort((a, b) => b.forms.total - a.forms.total || b.tables.read - a.tables.read || String(a.department).localeCompare(String(b.department)));
}

/** Checks counted per code; a table's or document's failures listed, errors first. */
function countChecks(findings: readonly Finding[]): DepartmentReport['tables']['checks'] {
  const codes = new Map<string, Finding[]>();
  for (const f of findings) codes.set(f.code, [...(codes.get(f.code) ?? []), f]);
  return [...codes].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([code, list]) => ({
    code,
    passed: list.filter((f) => f.status === 'pass').length,
    failed: list.filter((f) => f.status === 'fail').length,
    skipped: list.filter((f) => f.status === 'skipped').length,
  }));
}

type DocumentCase = DepartmentReport['tables']['cases'][number];

function documentCase(file: string, table: string | null, f: Finding): DocumentCase {
  const pages = [...new Set(f.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))].sort((a, b) => a - b);
  const quote = f.evidence.find((e) => e.field === 'prose')?.printed ?? null;
  return { file, page: f.evidence[0]?.page ?? pages[0] ?? null, table, code: f.code, severity: f.severity, message: f.message, quote, evidencePages: pages };
}

const worstCases = (cases: DocumentCase[]): DocumentCase[] =>
  cases.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]).slice(0, CASES_SHOWN);

function tablesReport(tables: readonly CheckedTable[]): DepartmentReport['tables'] {
  const byKind: Record<string, number> = {};
  for (const { table } of tables) byKind[table.kind] = (byKind[table.kind] ?? 0) + 1;
  const cases = tables.flatMap(({ table: t, findings }) =>
    findings.filter((f) => f.status === 'fail').map((f) => documentCase(t.source.file, `${t.tableNo} ${t.title}`.trim(), f)));
  return { read: tables.length, byKind, checks: countChecks(tables.flatMap((t) => t.findings)), cases: worstCases(cases) };
}

function proseReport(checks: readonly DocumentFindings[]): DepartmentReport['prose'] {
  const cases = checks.flatMap((c) => c.findings.filter((f) => f.status === 'fail').map((f) => documentCase(c.file, null, f)));
  return { documents: checks.length, checks: countChecks(checks.flatMap((c) => c.findings)), cases: worstCases(cases) };
}

/** The department most forms of each document print. */
function documentDepartments(records: readonly ValidatedRecord[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const { record } of records) {
    if (record.department === null) continue;
    const perDocument = counts.get(record.source.documentId) ?? new Map<string, number>();
    perDocument.set(record.department, (perDocument.get(record.department) ?? 0) + 1);
    counts.set(record.source.documentId, perDocument);
  }
  return new Map([...counts].map(([id, names]) => [id, [...names].sort((a, b) => b[1] - a[1])[0]![0]]));
}

function reportFor(department: string | null, fiscalYear: number | null, group: ValidatedRecord[]): Omit<DepartmentReport, 'tables' | 'prose' | 'across'> {
  const byType: Record<string, number> = {};
  for (const { record } of group) byType[record.formType] = (byType[record.formType] ?? 0) + 1;

  const funded = group.flatMap(({ record }) => {
    if (isTargetForm(record)) return [];
    const total = findTotalRow(record)?.row;
    return total && total.annualBudget !== null && total.executed !== null ? [{ budget: toDecimal(total.annualBudget), executed: toDecimal(total.executed) }] : [];
  });
  const budget = sumDecimals(funded.map((f) => f.budget));
  const executed = sumDecimals(funded.map((f) => f.executed));

  const printed = group.flatMap(({ record }) => (record.totalScore === null ? [] : [record.totalScore]));
  const recomputed = group.flatMap((v) => (v.score.status === 'recomputed' ? [{ v, score: v.score }] : []));
  const withGap = recomputed.flatMap(({ v, score }) => (score.gap === null || score.printedTotal === null ? [] : [{ v, gap: new Decimal(score.gap), printed: Number(score.printedTotal), total: Number(score.total) }]));

  const quality: Record<string, number> = {};
  for (const v of group) quality[v.quality.level] = (quality[v.quality.level] ?? 0) + 1;

  return {
    department,
    fiscalYear,
    forms: { total: group.length, byType },
    funds: {
      forms: funded.length,
      annualBudget: budget.toString(),
      executed: executed.toString(),
      executionRate: budget.isZero() ? null : executed.div(budget).toDecimalPlaces(4).toNumber(),
    },
    scores: {
      printed: printed.length,
      mean: printed.length ? sumDecimals(printed.map(toDecimal)).div(printed.length).toDecimalPlaces(2).toNumber() : null,
      bands: Object.fromEntries(BANDS.map(([name, inBand]) => [name, printed.filter(inBand).length])),
    },
    recomputed: {
      forms: recomputed.length,
      printedWithinRange: recomputed.filter(({ score }) => score.printedInRange === true).length,
      meanGap: withGap.length ? sumDecimals(withGap.map((g) => g.gap)).div(withGap.length).toDecimalPlaces(2).toNumber() : null,
      largestGaps: withGap
        .sort((a, b) => b.gap.abs().cmp(a.gap.abs()))
        .slice(0, CASES_SHOWN)
        .map(({ v, gap, printed: p, total }) => ({ file: v.record.source.file, ordinal: v.record.source.ordinal, projectName: v.record.projectName, printed: p, recomputed: total, gap: gap.toDecimalPlaces(2).toNumber() })),
    },
    checks: byCode(group, 'check').map(({ code, hits }) => ({
      code,
      failed: new Set(hits.filter((h) => h.finding.status === 'fail').map((h) => h.v)).size,
      skipped: new Set(hits.filter((h) => h.finding.status === 'skipped').map((h) => h.v)).size,
      cases: worst(hits.filter((h) => h.finding.status === 'fail')),
    })),
    flags: byCode(group, 'flag').map(({ code, hits }) => {
      const raised = hits.filter((h) => h.finding.status === 'fail');
      return {
        code,
        severity: raised.map((h) => h.finding.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0] ?? 'info',
        forms: new Set(raised.map((h) => h.v)).size,
        cases: worst(raised),
      };
    }).filter((f) => f.forms > 0).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.forms - a.forms),
    quality,
  };
}

type Hit = { v: ValidatedRecord; finding: Finding };

function byCode(group: ValidatedRecord[], kind: Finding['kind']): { code: string; hits: Hit[] }[] {
  const codes = new Map<string, Hit[]>();
  for (const v of group) {
    for (const finding of v.findings) {
      if (finding.kind !== kind) continue;
      codes.set(finding.code, [...(codes.get(finding.code) ?? []), { v, finding }]);
    }
  }
  return [...codes].map(([code, hits]) => ({ code, hits })).sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
}

/** Errors before warnings, then forms whose extraction is surest (a finding on a doubtful reading may be the reading's fault). */
function worst(hits: Hit[]): DepartmentReport['checks'][number]['cases'] {
  return [...hits]
    .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || b.v.quality.score - a.v.quality.score)
    .slice(0, CASES_SHOWN)
    .map(({ v, finding }) => ({
      file: v.record.source.file,
      page: v.record.source.page,
      ordinal: v.record.source.ordinal,
      projectName: v.record.projectName,
      severity: finding.severity,
      message: finding.message,
      evidencePages: [...new Set(finding.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))].sort((a, b) => a - b),
    }));
}
