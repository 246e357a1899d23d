import type { FormRecord, FormType, Table } from '../../schemas/index.ts';
import { tableBands } from './bands.ts';
import { newDraft, type FormDraft } from './form-draft.ts';
import { newReader, readBand, type FormReader } from './form-reader.ts';
import { FIELD_LABELS, fiscalYearOf, squash, titleFormType } from './labels.ts';
import type { PageLayout } from './page-layout.ts';

type Title = { text: string; type: FormType; page: number; lines: string[]; annex: string | null };
type Block = { y: number; line?: string; table?: Table };

/**
 * Splits a document into forms and reads each. A form starts at a title line (…自评表, …目标表) or at a
 * table whose cells carry 项目名称/预算单位; a table without them continues the form before it, which is
 * how forms that run over page breaks come back together. Tables before any form are not forms.
 */
export function readForms(layouts: PageLayout[], file: string, documentId: string): FormRecord[] {
  const drafts: FormDraft[] = [];
  let reader: FormReader | null = null;
  let title: Title | null = null;
  let annex: string | null = null;
  for (const layout of layouts) {
    const blocks: Block[] = [
      ...layout.lines.map((l) => ({ y: l.bbox[1], line: l.text })),
      ...layout.tables.map((t) => ({ y: t.bbox[1], table: t })),
    ].sort((a, b) => a.y - b.y);
    for (const block of blocks) {
      if (block.line !== undefined) {
        const type = titleFormType(block.line);
        if (type) title = { text: block.line, type, page: layout.page, lines: [block.line], annex };
        else if (title && !reader?.draft.pages.has(layout.page) && block.line.length < 40) title.lines.push(block.line);
        annex = /^附件\s*\d+/.test(squash(block.line)) ? block.line : null;
        continue;
      }
      const table = block.table!;
      if (title || startsForm(table)) {
        reader = newReader(startDraft(title, layout.page));
        drafts.push(reader.draft);
        title = null;
        for (const band of tableBands(table, false)) readBand(reader, band);
      } else if (reader) {
        for (const band of tableBands(table, true)) readBand(reader, band);
      }
    }
  }
  return drafts.map((d, i) => finish(d, file, documentId, i + 1));
}

function startsForm(table: Table): boolean {
  return table.cells.some((c) => FIELD_LABELS.projectName.test(squash(c.text)) || FIELD_LABELS.department.test(squash(c.text)));
}

function startDraft(title: Title | null, page: number): FormDraft {
  const draft = newDraft(title?.page ?? page, title?.type ?? null);
  if (title) {
    draft.title = title.lines.join(' ').replace(/\s+/g, ' ').trim();
    draft.fiscalYear = fiscalYearOf(title.lines);
    draft.annex = title.annex;
  }
  return draft;
}

function finish(draft: FormDraft, file: string, documentId: string, ordinal: number): FormRecord {
  const { page, pages, annex, amountColumns, level1Weights, ...fields } = draft;
  const extra: Record<string, unknown> = { ...fields.extra };
  if (annex) extra['annex'] = annex;
  if (amountColumns.length) extra['amountColumns'] = amountColumns;
  if (Object.keys(level1Weights).length) extra['level1Weights'] = level1Weights;
  const problems = [...fields.problems];
  if (!fields.indicators.length) problems.push({ code: 'no-indicators', message: 'no indicator rows were found', field: 'indicators', page });
  if (!fields.funds.rows.length) problems.push({ code: 'no-funds', message: 'no funds rows were found', field: 'funds', page });
  if (fields.fiscalYear === null) problems.push({ code: 'no-year', message: 'the fiscal year is not printed in the title', field: 'fiscalYear', page });
  return {
    ...fields,
    source: { file, page, pages: [...pages].sort((a, b) => a - b), documentId, ordinal },
    formType: fields.formType,
    extra,
    problems,
  };
}
