import type { DepartmentReport } from '../../schemas/index.ts';

const pct = (f: number | null) => (f === null ? '—' : `${(f * 100).toFixed(2)}%`);
const cell = (text: string | number | null) => String(text ?? '—').replaceAll('|', '\\|').replace(/\s+/g, ' ');
const where = (c: { file: string; page: number; ordinal: number; projectName: string | null }) =>
  `${cell(c.projectName)} (${c.file} p.${c.page}, form ${c.ordinal})`;

/** The reports as Markdown: one section per department and year, flags worst first with their cases. */
export function formatReportMarkdown(reports: readonly DepartmentReport[]): string {
  if (!reports.length) return 'No records match.\n';
  return reports.map(section).join('\n');
}

function section(r: DepartmentReport): string {
  const out: string[] = [];
  out.push(`## ${r.department ?? '(department not printed)'} — ${r.fiscalYear ?? '(year not printed)'}`, '');
  if (!r.forms.total) return [...out, 'Forms: none stored.', ...tablesAndProse(r), ''].join('\n');
  out.push(`Forms: ${r.forms.total} (${Object.entries(r.forms.byType).map(([t, n]) => `${t} ${n}`).join(', ')}); extraction quality: ${Object.entries(r.quality).map(([l, n]) => `${l} ${n}`).join(', ')}.`);
  out.push(`Funds (万元, ${r.funds.forms} forms): budget ${r.funds.annualBudget}, executed ${r.funds.executed}, execution ${pct(r.funds.executionRate)}.`);
  if (r.scores.printed) {
    out.push(`Printed 总分 (${r.scores.printed} forms, mean ${r.scores.mean}): ${Object.entries(r.scores.bands).filter(([, n]) => n).map(([b, n]) => `${b}: ${n}`).join(', ')}.`);
  }
  const rc = r.recomputed;
  if (rc.forms) {
    out.push(`Recomputed under the official rules: ${rc.forms} forms, printed 总分 within the allowed range in ${rc.printedWithinRange}; mean gap printed − recomputed ${rc.meanGap ?? '—'}.`);
    if (rc.largestGaps.length) {
      out.push('', '| form | printed | recomputed | gap |', '|---|---:|---:|---:|');
      for (const g of rc.largestGaps.filter((x) => x.gap !== 0)) out.push(`| ${cell(g.projectName)} (${g.file}, form ${g.ordinal}) | ${g.printed} | ${g.recomputed} | ${g.gap} |`);
    }
  }
  out.push('', '### Arithmetic checks', '', '| check | forms failing | forms where it could not run |', '|---|---:|---:|');
  for (const c of r.checks) out.push(`| ${c.code} | ${c.failed} | ${c.skipped} |`);
  for (const c of r.checks.filter((x) => x.cases.length)) {
    out.push('', `**${c.code}** failed:`);
    for (const k of c.cases) out.push(`- ${where(k)}: ${cell(k.message)}${k.evidencePages.length ? ` (cells on p.${k.evidencePages.join(', ')})` : ''}`);
  }
  out.push('', '### Flags', '');
  if (!r.flags.length) out.push('None raised.');
  for (const f of r.flags) {
    out.push(`**${f.code}** (${f.severity}, ${f.forms} forms)`);
    for (const k of f.cases) out.push(`- ${where(k)}: ${cell(k.message)}`);
    out.push('');
  }
  out.push(...tablesAndProse(r));
  return out.join('\n') + '\n';
}

/** The department tables' I8 and the prose checks of the department-year, each failure with its page (and sentence). */
function tablesAndProse(r: DepartmentReport): string[] {
  const out: string[] = [];
  const counts = (checks: DepartmentReport['tables']['checks']) => {
    const sum = (k: 'passed' | 'failed' | 'skipped') => checks.reduce((n, c) => n + c[k], 0);
    return `${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} not run`;
  };
  if (r.tables.read) {
    out.push('', '### Department tables', '', `${r.tables.read} tables (${Object.entries(r.tables.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}); I8: ${counts(r.tables.checks)}.`);
    for (const k of r.tables.cases) out.push(`- ${cell(k.table)} (${k.file} p.${k.page ?? '?'}): ${cell(k.message)}`);
  }
  if (r.across.checks.length) {
    out.push('', '### Across documents', '', `${counts(r.across.checks)}.`);
    for (const k of r.across.cases) out.push(`- ${k.file} p.${k.page ?? '?'} **${k.code}** (${k.severity}): ${cell(k.message)}${k.quote ? ` — «${cell(k.quote)}»` : ''}`);
  }
  if (r.prose.documents) {
    out.push('', '### 说明 against the tables', '', `${r.prose.documents} document${r.prose.documents === 1 ? '' : 's'}; ${counts(r.prose.checks)}.`);
    for (const k of r.prose.cases) out.push(`- ${k.file} p.${k.page ?? '?'} **${k.code}** (${k.severity}): ${cell(k.message)}${k.quote ? ` — «${cell(k.quote)}»` : ''}`);
  }
  return out;
}
