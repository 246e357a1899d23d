import type { CheckedTable, DepartmentReport, DocumentFindings, FindingEntry, ValidatedRecord } from '../../schemas/index.ts';
import { checkAcrossDocuments } from '../../workers/validate/across/check-across.ts';
import { departmentReports } from '../report/department-report.ts';
import { reviewedRecords, reviewFlagsOf, type ReviewFlagsOf } from '../report/reviewed-records.ts';
import type { Store } from '../store/store.ts';
import { versionedCache } from './versioned-cache.ts';

export type UnitYearFilter = { department?: string; fiscalYear?: number };

/**
 * What the server works out over many stored documents, kept until the store changes: the flags comparing the
 * forms of a year, the reports, and the findings that are not stored on forms. The API and the web page share
 * one, so a page and the request after it do not pay twice.
 */
export type Reviews = {
  flagsOf: ReviewFlagsOf;
  reports: (filter: UnitYearFilter) => Promise<DepartmentReport[]>;
  /**
   * The findings `pageFormFindings` does not hold, in this order: flags comparing forms, department tables'
   * checks, documents' prose checks, checks across documents.
   */
  otherFindings: (filter: UnitYearFilter) => Promise<FindingEntry[]>;
};

export function createReviews(store: Store): Reviews {
  const years = versionedCache<Awaited<ReturnType<ReviewFlagsOf>>>(store, 64);
  const flagsOf: ReviewFlagsOf = (fiscalYear) => years(JSON.stringify(fiscalYear), () => reviewFlagsOf(store)(fiscalYear));
  const reported = versionedCache<DepartmentReport[]>(store);
  const others = versionedCache<FindingEntry[]>(store);

  return {
    flagsOf,
    reports: (filter) => reported(JSON.stringify(filter), async () => {
      // Every unit of the year: a form without a department counts under its document's, found among them.
      const records = await reviewedRecords(store, { fiscalYear: filter.fiscalYear }, flagsOf);
      const tables = await store.listTables({ fiscalYear: filter.fiscalYear });
      const checks = await store.listDocumentChecks({ fiscalYear: filter.fiscalYear });
      return departmentReports(records, filter, { tables, checks });
    }),
    otherFindings: (filter) => others(JSON.stringify(filter), async () => {
      const tables = await store.listTables(filter);
      const checks = await store.listDocumentChecks(filter);
      const reviewed = await reviewEntries(store, flagsOf, filter);
      // Forms matter across documents only where a unit publishes budget tables of their year.
      const tableYears = [...new Set(tables.map((t) => t.table.fiscalYear).filter((y) => y !== null))];
      const forms = (await Promise.all(tableYears.map((fiscalYear) => store.listForms({ fiscalYear }))))
        .flat().filter((r) => filter.department === undefined || r.department === filter.department).map((record) => ({ record }));
      return [...reviewed, ...tableEntries(tables), ...documentEntries(checks), ...checkAcrossDocuments(forms, tables, checks).map((a): FindingEntry => (
        { documentId: a.documentId, file: a.file, department: a.department, fiscalYear: a.fiscalYear, source: 'across', ordinal: null, subject: null, finding: a.finding }))];
    }),
  };
}

/** The flags comparing forms, as entries, for the unit and year asked for (every year when none is). */
async function reviewEntries(store: Store, flagsOf: ReviewFlagsOf, filter: UnitYearFilter): Promise<FindingEntry[]> {
  const years = filter.fiscalYear === undefined ? await store.formYears() : [filter.fiscalYear];
  const out: FindingEntry[] = [];
  for (const fiscalYear of years) {
    for (const reviewed of (await flagsOf(fiscalYear)).values()) {
      if (filter.department === undefined || reviewed.record.department === filter.department) out.push(...formEntries([reviewed]));
    }
  }
  return out;
}

/** Findings of records as entries, in record and finding order. */
export function formEntries(records: readonly Pick<ValidatedRecord, 'record' | 'findings'>[]): FindingEntry[] {
  return records.flatMap(({ record: r, findings }) => findings.map((finding): FindingEntry => (
    { documentId: r.source.documentId, file: r.source.file, department: r.department, fiscalYear: r.fiscalYear, source: 'form', ordinal: r.source.ordinal, subject: r.projectName, finding })));
}

function tableEntries(tables: readonly CheckedTable[]): FindingEntry[] {
  return tables.flatMap(({ table: t, findings }) => findings.map((finding): FindingEntry => (
    { documentId: t.source.documentId, file: t.source.file, department: t.department, fiscalYear: t.fiscalYear, source: 'table', ordinal: t.source.ordinal, subject: `${t.tableNo} ${t.title}`.trim(), finding })));
}

function documentEntries(checks: readonly DocumentFindings[]): FindingEntry[] {
  return checks.flatMap((c) => c.findings.map((finding): FindingEntry => (
    { documentId: c.documentId, file: c.file, department: c.subject.department, fiscalYear: c.subject.fiscalYear, source: 'document', ordinal: null, subject: '说明', finding })));
}
