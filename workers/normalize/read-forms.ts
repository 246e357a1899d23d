import type { FormRecord, FormType, Table } from '../../schemas/index.ts';
import { tableBands } from '../grid/bands.ts';
import { frameLeft } from './column-frame.ts';
import { newDraft, type FormDraft } from './form-draft.ts';
import { isLabelText, readBand } from './form-reader.ts';
import { FIELD_LABELS, fiscalYearOf, IDENTITY_FIELDS, isTableNumber, squash, titleFormType, unitOf, type FieldLabel } from './labels.ts';
import type { PageLayout } from '../grid/page-layout.ts';
import { newReader, type FormReader } from './reader-state.ts';
import { splitHeadingRows } from './table-heading.ts';

type Line = { page: number; text: string };
type Block = { y: number; line?: string; table?: Table };
type Heading = { title: string; type: FormType; strict: boolean; page: number; year: number | null; annex: string | null; tableNo: string | null };
type Identity = { labelled: boolean; values: Partial<Record<(typeof IDENTITY_FIELDS)[number], string>> };

/**
 * Splits a document into forms and reads each. Forms are found by meaning, not position:
 * - a form starts where a new header block starts: a table naming a project or unit (项目名称, 预算单位,
 *   部门名称 …) other than the form being read, or a table under a form title (…自评表, …目标表) that is not
 *   the title of the form being read;
 * - a title printed again over a table with no header of its own (Excel print titles), a header printed
 *   again with the same name, and a table with neither continue the form before it, which is how forms
 *   that run over page breaks come back together;
 * - titles drawn as the top rows of the table itself count as printed above it;
 * - what is read is kept as a form only when it has the form's defining parts (indicator rows, or a title
 *   with a named project or unit and its funds): budget tables, contents and prose boxes are not forms.
 */
export function readForms(layouts: PageLayout[], file: string, documentId: string): FormRecord[] {
  const readers: FormReader[] = [];
  let reader: FormReader | null = null;
  let preamble: Line[] = [];
  for (const layout of layouts) {
    const blocks: Block[] = [
      ...layout.lines.map((l) => ({ y: l.bbox[1], line: l.text })),
      ...layout.tables.map((t) => ({ y: t.bbox[1], table: t })),
    ].sort((a, b) => a.y - b.y);
    for (const block of blocks) {
      if (block.line !== undefined) {
        preamble.push({ page: layout.page, text: block.line });
        continue;
      }
      const { lines, body } = splitHeadingRows(block.table!);
      preamble.push(...lines.map((l) => ({ page: layout.page, text: l.text })));
      if (!body) continue;
      const heading = readHeading(preamble);
      if (startsForm(reader, heading, identityOf(body))) {
        reader = newReader(startDraft(heading, layout.page, unitIn(preamble)));
        reader.frame = { left: body.bbox[0], width: body.bbox[2] - body.bbox[0] };
        readers.push(reader);
        for (const band of tableBands(body, false)) readBand(reader, band);
      } else if (reader) {
        for (const band of tableBands(body, true, frameLeft(reader, body))) readBand(reader, band);
      }
      preamble = [];
    }
  }
  const drafts = readers.flatMap((r) => r.drafts.map((d) => inferType(d, r))).filter(isForm);
  fillFromDocument(drafts);
  return drafts.map((d, i) => finish(d, file, documentId, i + 1));
}

function startsForm(reader: FormReader | null, heading: Heading | null, identity: Identity): boolean {
  const draft = reader?.draft;
  if (!reader || !draft) return identity.labelled || !!heading?.strict;
  const sameTitle = !heading || squash(heading.title) === squash(draft.title ?? '');
  if (identity.labelled) {
    // The same header printed again continues the form; so does the rest of a header a page break cut off
    // (主管部门 on the next page under a 项目名称 at the foot of this one).
    const named = Object.entries(identity.values).map(([field, value]) => [draft[field as keyof Identity['values']], value] as const);
    const compatible = named.every(([mine, value]) => mine === null || squash(mine) === value);
    const agrees = named.some(([mine, value]) => mine !== null && squash(mine) === value);
    return !(named.length > 0 && compatible && (agrees || reader.mode === 'header') && sameTitle && reader.mode !== 'after');
  }
  return !!heading?.strict && !sameTitle;
}

/**
 * The project and unit a table names in the header block it opens with (label cells, values to their
 * right), and whether it prints such labels there at all. Lone lines above the block (a 填报单位 line) are
 * passed over; a table that first carries on the form before it (its last indicator rows, its 总分) and
 * only then prints the next form's header opens with no header: the reader splits it where that starts.
 */
function identityOf(table: Table): Identity {
  const identity: Identity = { labelled: false, values: {} };
  const rows = table.rowEdges.length - 1;
  const cellsOf = (row: number) => table.cells.filter((c) => c.row === row);
  const names = (row: number, fields: readonly FieldLabel[]) => cellsOf(row).some((c) => fields.some((f) => FIELD_LABELS[f].test(squash(c.text))));
  let top = 0;
  while (top < rows && !names(top, IDENTITY_FIELDS) && cellsOf(top).filter((c) => squash(c.text) !== '').length <= 1) top++;
  let end = top + 1;
  while (end < rows && names(end, ALL_FIELDS)) end++;
  for (const cell of table.cells.filter((c) => c.row >= top && c.row < end)) {
    const label = squash(cell.text);
    for (const field of IDENTITY_FIELDS) {
      if (!FIELD_LABELS[field].test(label)) continue;
      identity.labelled = true;
      const value = table.cells.find((c) => c.row === cell.row && c.col === cell.col + cell.colSpan)?.text ?? '';
      if (squash(value) && !isLabelText(value)) identity.values[field] ??= squash(value);
    }
  }
  return identity;
}

const ALL_FIELDS = Object.keys(FIELD_LABELS) as FieldLabel[];

/** The last title among the lines above a table, the year printed with or after it, the 附件 line and table number before it. */
function readHeading(lines: Line[]): Heading | null {
  const at = lines.findLastIndex(({ text }) => titleFormType(text) !== null);
  if (at < 0) return null;
  const { page, text: line } = lines[at]!;
  const after = lines.slice(at, at + 3).map((l) => l.text).filter((l) => squash(l).length < 40 || l === line);
  const before = lines.slice(0, at).reverse();
  return {
    title: after.filter((l) => l === line || /^[(（]/.test(l.trim())).join(' ').replace(/\s+/g, ' ').trim(),
    type: titleFormType(line)!,
    strict: /表$/.test(squash(line)),
    page,
    year: fiscalYearOf(after),
    annex: before.find(({ text }) => /^附件\d+/.test(squash(text)))?.text ?? null,
    tableNo: before.find(({ text }) => isTableNumber(text))?.text.trim() ?? null,
  };
}

const unitIn = (lines: Line[]): '万元' | '元' | null => lines.map((l) => unitOf(l.text)).findLast((u) => u !== null) ?? null;

function startDraft(heading: Heading | null, page: number, unit: '万元' | '元' | null): FormDraft {
  const draft = newDraft(heading?.page ?? page, heading?.type ?? null);
  if (unit) draft.funds.unit = unit;
  if (heading) {
    draft.title = heading.title;
    draft.fiscalYear = heading.year;
    draft.annex = heading.annex;
    if (heading.tableNo) draft.extra['tableNo'] = heading.tableNo;
  }
  return draft;
}

/**
 * With no title to name it, the columns do: a form whose indicators have 实际完成值 or 得分 is a
 * self-evaluation, one with targets only is a target form.
 */
function inferType(draft: FormDraft, reader: FormReader): FormDraft {
  if (draft.title !== null) return draft;
  const keys = new Set(reader.indicatorColumns.map(([k]) => k));
  if (!keys.has('actual') && !keys.has('score') && keys.has('target')) draft.formType = 'project_performance_target';
  return draft;
}

/** The form's defining parts: indicator rows, or a title over a named project or unit with its funds. */
const isForm = (d: FormDraft): boolean =>
  d.indicators.some((i) => i.name !== null) || (d.title !== null && (d.projectName !== null || d.department !== null) && d.funds.rows.length > 0);

/**
 * What one form of a document leaves out and the document says once: the year (Beijing's 预算12表 prints
 * none; its 预算13表/14表 print 2026) and the unit (named by the 部门整体 form's 部门名称). Taken only when
 * the document names exactly one, and listed in `problems` so the record says where the value came from.
 */
function fillFromDocument(drafts: FormDraft[]): void {
  const years = new Set(drafts.flatMap((d) => (d.fiscalYear === null ? [] : [d.fiscalYear])));
  const units = new Set(drafts.flatMap((d) => (d.formType.startsWith('department') && d.department ? [d.department] : [])));
  for (const draft of drafts) {
    if (draft.fiscalYear === null && years.size === 1) {
      draft.fiscalYear = [...years][0]!;
      draft.problems.push({ code: 'year-from-document', message: `the form prints no year; ${draft.fiscalYear} is the year the document's other forms print`, field: 'fiscalYear', page: draft.page });
    }
    if (draft.department === null && units.size === 1) {
      draft.department = [...units][0]!;
      draft.problems.push({ code: 'department-from-document', message: `the form names no unit; "${draft.department}" is the unit the document's 部门整体 form names`, field: 'department', page: draft.page });
    }
  }
}

function finish(draft: FormDraft, file: string, documentId: string, ordinal: number): FormRecord {
  const { page, pages, annex, amountColumns, level1Weights, alternatives, ...fields } = draft;
  const extra: Record<string, unknown> = { ...fields.extra };
  if (annex) extra['annex'] = annex;
  if (amountColumns.length) extra['amountColumns'] = amountColumns;
  if (Object.keys(level1Weights).length) extra['level1Weights'] = level1Weights;
  // Which reading holds is settled by the form's arithmetic, in validate (chooseReadings).
  if (Object.keys(alternatives).length) extra['alternativeReadings'] = alternatives;
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
