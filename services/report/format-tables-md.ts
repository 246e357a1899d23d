import type { CheckedTable } from '../../schemas/index.ts';

const cell = (text: string | number | null) => String(text ?? '—').replaceAll('|', '\\|').replace(/\s+/g, ' ');
/** Failures listed per table; the rest are counted. */
const CASES_SHOWN = 10;

/**
 * The department tables as Markdown, per document: each table read (number, title, kind, pages), its I8
 * checks passed / failed / not run, and each failure with the cells' pages.
 */
export function formatTablesMarkdown(tables: readonly CheckedTable[]): string {
  if (!tables.length) return '';
  const byFile = new Map<string, CheckedTable[]>();
  for (const t of tables) byFile.set(t.table.source.file, [...(byFile.get(t.table.source.file) ?? []), t]);
  const out: string[] = ['## Department tables (部门预算/决算 表)', ''];
  for (const [file, group] of byFile) {
    const { department, fiscalYear } = group[0]!.table;
    out.push(`### ${cell(file)} — ${cell(department)} ${fiscalYear ?? ''}`.trimEnd(), '');
    out.push('| table | kind | pages | rows | I8 pass | fail | not run |', '|---|---|---|---:|---:|---:|---:|');
    for (const { table: t, findings } of group) {
      const count = (status: string) => findings.filter((f) => f.status === status).length;
      out.push(`| ${cell(`${t.tableNo} ${t.title}`.trim())} | ${t.kind} | ${t.source.pages.join(', ')} | ${t.rows.length} | ${count('pass')} | ${count('fail')} | ${count('skipped')} |`);
    }
    const failures = group.flatMap(({ table: t, findings }) => findings.filter((f) => f.status === 'fail').map((f) => ({ t, f })));
    if (failures.length) {
      out.push('', `**I8 failed** (${failures.length}):`);
      for (const { t, f } of failures.slice(0, CASES_SHOWN)) {
        const pages = [...new Set(f.evidence.flatMap((e) => (e.page === null ? [] : [e.page])))];
        out.push(`- ${cell(`${t.tableNo} ${t.title}`.trim())}: ${cell(f.message)}${pages.length ? ` (cells on p.${pages.join(', ')})` : ''}`);
      }
      if (failures.length > CASES_SHOWN) out.push(`- … and ${failures.length - CASES_SHOWN} more (\`--format csv\` lists every one)`);
    }
    out.push('');
  }
  return out.join('\n');
}
