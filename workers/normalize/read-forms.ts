import type { FormRecord, FormType, Table } from '../../schemas/index.ts';
import { tableBands } from './bands.ts';
import { chooseReadings } from './choose-readings.ts';
import { newDraft, type FormDraft } from './form-draft.ts';
import { newReader, readBand, type FormReader } from './form-reader.ts';
import { FIELD_LABELS, fiscalYearOf, squash, titleFormType } from './labels.ts';
import type { PageLayout } from './page-layout.ts';

type Preamble = { page: number; lines: string[] };
type Block = { y: number; line?: string; table?: Table };

/**
 * Splits a document into forms and reads each. A form starts at a table whose cells carry 项目名称/预算单位,
 * or at any table right under a form title (…自评表, …目标表); its title, year and 附件 line come from the
 * free lines just above it. A table with neither continues the form before it, which is how forms that run
 * over page breaks come back together. Tables before any form (budget tables, prose boxes) are not forms.
 */
export function readForms(layouts: PageLayout[], file: string, documentId: string): FormRecord[] {
  const drafts: FormDraft[] = [];
  let reader: FormReader | null = null;
  let preamble: Preamble[] = [];
  for (const layout of layouts) {
    const blocks: Block[] = [
      ...layout.lines.map((l) => ({ y: l.bbox[1], line: l.text })),
      ...layout.tables.map((t) => ({ y: t.bbox[1], table: t })),
    ].sort((a, b) => a.y - b.y);
    for (const block of blocks) {
      if (block.line !== undefined) {
        preamble.push({ page: layout.page, lines: [block.line] });
        continue;
      }
      const table = block.table!;
      const heading = readHeading(preamble.flatMap((p) => p.lines.map((line) => ({ page: p.page, line }))));
      if (startsForm(table) || heading?.strict) {
        reader = newReader(startDraft(heading, layout.page));
        drafts.push(reader.draft);
        for (const band of tableBands(table, false)) readBand(reader, band);
      } else if (reader) {
        for (const band of tableBands(table, true)) readBand(reader, band);
      }
      preamble = [];
    }
  }
  return drafts.map((d, i) => finish(d, file, documentId, i + 1));
}

type Heading = { title: string; type: FormType; strict: boolean; page: number; year: number | null; annex: string | null };

/** The last title among the lines above a table, the year printed with or after it, and the 附件 line before it. */
function readHeading(lines: { page: number; line: string }[]): Heading | null {
  const at = lines.findLastIndex(({ line }) => titleFormType(line) !== null);
  if (at < 0) return null;
  const { page, line } = lines[at]!;
  const after = lines.slice(at, at + 3).map((l) => l.line).filter((l) => squash(l).length < 40 || l === line);
  const annex = lines.slice(0, at).reverse().find(({ line: l }) => /^附件\d+/.test(squash(l)))?.line ?? null;
  return {
    title: after.filter((l) => l === line || /^[(（]/.test(l.trim())).join(' ').replace(/\s+/g, ' ').trim(),
    type: titleFormType(line)!,
    strict: /表$/.test(squash(line)),
    page,
    year: fiscalYearOf(after),
    annex,
  };
}

function startsForm(table: Table): boolean {
  return table.cells.some((c) => FIELD_LABELS.projectName.test(squash(c.text)) || FIELD_LABELS.department.test(squash(c.text)));
}

function startDraft(heading: Heading | null, page: number): FormDraft {
  const draft = newDraft(heading?.page ?? page, heading?.type ?? null);
  if (heading) {
    draft.title = heading.title;
    draft.fiscalYear = heading.year;
    draft.annex = heading.annex;
  }
  return draft;
}

function finish(draft: FormDraft, file: string, documentId: string, ordinal: number): FormRecord {
  const { page, pages, annex, amountColumns, level1Weights, alternatives, ...fields } = draft;
  const extra: Record<string, unknown> = { ...fields.extra };
  if (annex) extra['annex'] = annex;
  if (amountColumns.length) extra['amountColumns'] = amountColumns;
  if (Object.keys(level1Weights).length) extra['level1Weights'] = level1Weights;
  const problems = [...fields.problems];
  if (!fields.indicators.length) problems.push({ code: 'no-indicators', message: 'no indicator rows were found', field: 'indicators', page });
  if (!fields.funds.rows.length) problems.push({ code: 'no-funds', message: 'no funds rows were found', field: 'funds', page });
  if (fields.fiscalYear === null) problems.push({ code: 'no-year', message: 'the fiscal year is not printed in the title', field: 'fiscalYear', page });
  return chooseReadings({
    ...fields,
    source: { file, page, pages: [...pages].sort((a, b) => a - b), documentId, ordinal },
    formType: fields.formType,
    extra,
    problems,
  }, alternatives);
}
