import type { DepartmentReport } from '../../schemas/index.ts';
import { html, type Raw } from './html.ts';

const pct = (f: number | null) => (f === null ? '—' : `${(f * 100).toFixed(1)}%`);

/** What a department-year's problems weigh: errors first, then warnings (worst first in the overview). */
export function weight(r: DepartmentReport): { errors: number; warnings: number; infos: number } {
  const flags = (s: string) => r.flags.filter((f) => f.severity === s).reduce((n, f) => n + f.forms, 0);
  const failed = (checks: { failed: number }[]) => checks.reduce((n, c) => n + c.failed, 0);
  return {
    errors: failed(r.checks) + flags('error') + failed(r.tables.checks),
    warnings: flags('warning') + failed(r.prose.checks) + failed(r.across.checks),
    infos: flags('info'),
  };
}

/** Departments × years: what each published, what it adds up to and how much is wrong, worst first. */
export function overviewPage(reports: readonly DepartmentReport[]): Raw {
  const rows = [...reports].sort((a, b) => {
    const x = weight(a), y = weight(b);
    return y.errors - x.errors || y.warnings - x.warnings || String(a.department).localeCompare(String(b.department)) || (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0);
  });
  return html`<h1>部门 × 年度</h1>
<p class="muted">${reports.length} 个部门年度；问题多的在前。数字为万元。</p>
<p class="downloads">下载：<a href="/exports/records.csv">记录 CSV</a><a href="/exports/records.jsonl">记录 JSONL</a><a href="/exports/findings.csv">问题 CSV</a><a href="/exports/tables.csv">部门表 CSV</a><a href="/exports/records.xlsx">记录 XLSX</a><a href="/exports/findings.xlsx">问题 XLSX</a><a href="/exports/tables.xlsx">部门表 XLSX</a></p>
${rows.length ? html`<table><thead><tr><th>部门</th><th>年度</th><th class="n">表单</th><th class="n">预算</th><th class="n">执行</th><th class="n">执行率</th><th class="n">自评总分（均）</th><th class="n">重算在范围内</th><th class="n">部门表</th><th>问题</th></tr></thead><tbody>
${rows.map((r) => {
    const w = weight(r);
    const link = `/d/${encodeURIComponent(r.department ?? '-')}/${r.fiscalYear ?? '-'}`;
    return html`<tr><td><a href="${link}">${r.department ?? '（未印部门）'}</a></td><td>${r.fiscalYear ?? '—'}</td><td class="n">${r.forms.total}</td>
<td class="n">${r.funds.forms ? r.funds.annualBudget : '—'}</td><td class="n">${r.funds.forms ? r.funds.executed : '—'}</td><td class="n">${pct(r.funds.executionRate)}</td>
<td class="n">${r.scores.mean ?? '—'}</td><td class="n">${r.recomputed.forms ? `${r.recomputed.printedWithinRange}/${r.recomputed.forms}` : '—'}</td><td class="n">${r.tables.read || '—'}</td>
<td>${w.errors ? html`<span class="badge error" title="错误">${w.errors}</span> ` : ''}${w.warnings ? html`<span class="badge warning" title="警告">${w.warnings}</span> ` : ''}${w.infos ? html`<span class="badge info" title="提示">${w.infos}</span>` : ''}${!w.errors && !w.warnings && !w.infos ? html`<span class="ok">无</span>` : ''}</td></tr>`;
  })}</tbody></table>` : html`<p>还没有文件。${html`<a href="/upload">上传</a>`} PDF、Word、Excel 或网页文件，或用 <code>jixiao ingest</code>。</p>`}
`;
}
