import { isTargetFormType, type DocumentSubject, type ExtractedDocument, type FormRecord, type NormalizedDocument } from '../../schemas/index.ts';
import { withPageFailures } from '../page-failures.ts';
import { mostCommon } from './most-common.ts';
import { layoutPage } from '../grid/page-layout.ts';
import { readForms } from './read-forms.ts';
import { readProse } from './prose/read-prose.ts';
import { readSubject } from './prose/read-subject.ts';
import { readContents } from './tables/contents.ts';
import { readTables } from './tables/read-tables.ts';
import { withUnruledTables } from './tables/unruled-tables.ts';

/**
 * Extracted pages → the forms they hold, as records with provenance. Pure: same pages, same records. A form
 * beside a page that could not be read says so in its problems.
 */
export function normalizeDocument(doc: ExtractedDocument): FormRecord[] {
  return readDocument(doc).records;
}

/** The forms, department tables and running text of a document, all read from one layout of its pages. */
export function readDocument(doc: ExtractedDocument): NormalizedDocument {
  const pages = doc.pages.map(layoutPage);
  // Department tables may be printed without ruling (forms never are: they are read from ruled grids only).
  const withUnruled = withUnruledTables(pages);
  const records = withPageFailures(doc, readForms(pages, doc.fileName, doc.documentId));
  const subject = withForms(readSubject(pages), records);
  const read = readTables(withUnruled, doc.fileName, doc.documentId);
  const units = [subject.department, ...read.map((t) => t.department)].filter((d): d is string => d !== null);
  // A table prints its unit, year and stage in its title or not at all; the document's title says them once for all.
  const tables = read.map((t) => ({
    ...t,
    department: unitOf(t.department, subject.department, units),
    fiscalYear: t.fiscalYear ?? subject.fiscalYear,
    stage: t.stage ?? subject.stage,
  }));
  return {
    records,
    tables,
    contents: readContents(pages),
    prose: readProse(withUnruled),
    // Where neither cover nor forms say it, the tables' own headings do (their year, 预算/决算, unit).
    subject: {
      department: subject.department ?? tables.find((t) => t.department !== null)?.department ?? null,
      fiscalYear: subject.fiscalYear ?? tables.find((t) => t.fiscalYear !== null)?.fiscalYear ?? null,
      stage: subject.stage ?? tables.find((t) => t.stage !== null)?.stage ?? null,
    },
    blankPages: doc.pages.filter(isBlank).map((p) => p.number),
  };
}

/**
 * The unit a table is printed for: its own heading's, unless that is a longer name's cut short (a cell too narrow
 * for `中国共产党江苏省委员会办公厅` prints `中国共产党江苏省委员会办`), or the cover's when it prints none.
 */
function unitOf(printed: string | null, cover: string | null, units: readonly string[]): string | null {
  if (!printed) return cover;
  const longer = units.filter((u) => u.length > printed.length && u.startsWith(printed));
  return printed.length >= 4 && longer.length ? longer.sort((a, b) => b.length - a.length)[0]! : printed;
}

/**
 * A document whose cover is not read (a file of tables and forms only) is of the unit and year its forms print;
 * 目标表 are published with budgets, 自评表 with final accounts.
 */
function withForms(subject: DocumentSubject, records: readonly FormRecord[]): DocumentSubject {
  const stage = mostCommon(records.map((r) => (isTargetFormType(r.formType) ? 'budget' as const : 'final_accounts' as const)));
  return {
    department: subject.department ?? mostCommon(records.map((r) => r.department)),
    fiscalYear: subject.fiscalYear ?? mostCommon(records.map((r) => r.fiscalYear)),
    stage: subject.stage ?? stage,
  };
}

/** Nothing to read: no text (of its own or by OCR) and no picture; empty ruling (a table's blank rows run over) may be there. */
const isBlank = (page: ExtractedDocument['pages'][number]): boolean =>
  page.items.length === 0 && page.facts.imageCoverage === 0 && page.facts.imageBoxes.length === 0;
