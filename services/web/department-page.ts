import type { CheckedTable, DepartmentReport, ValidatedRecord } from '../../schemas/index.ts';
import type { FindingEntry } from '../../schemas/index.ts';
import { findingView } from './finding-view.ts';
import { html, query, type Raw } from './html.ts';

const FORM_TYPES: Record<string, string> = {
  project_self_evaluation: '项目支出绩效自评表', department_self_evaluation: '部门整体支出绩效自评表',
  project_performance_target: '项目支出绩效目标表', department_performance_target: '部门整体支出绩效目标表',
};
export const formTypeName = (type: string): string => FORM_TYPES[type] ?? type;

/** One unit and year: its forms and tables, then every failed check and raised flag with the cells that prove it. */
export function departmentPage(report: DepartmentReport, records: readonly ValidatedRecord[], tables: readonly CheckedTable[], findings: readonly FindingEntry[]): Raw {
  const failed = findings.filter((e) => e.finding.status === 'fail');
  const bySource = (source: FindingEntry['source']) => failed.filter((e) => e.source === source);
  const exports = query({ department: report.department ?? undefined, year: report.fiscalYear ?? undefined });
  return html`<h1>${report.department ?? '（未印部门）'} · ${report.fiscalYear ?? '—'} 年度</h1>
<p>表单 ${report.forms.total} 份；${report.funds.forms ? html`预算 ${report.funds.annualBudget} 万元，执行 ${report.funds.executed} 万元；` : ''}部门表 ${report.tables.read} 张；问题 ${failed.length} 条。</p>
<p class="downloads">下载：<a href="/exports/records.csv${exports}">记录 CSV</a><a href="/exports/findings.csv${exports}">问题 CSV</a><a href="/exports/tables.csv${exports}">部门表 CSV</a></p>
${records.length ? html`<h2>表单</h2><table><thead><tr><th>项目</th><th>类型</th><th>文件</th><th class="n">页</th><th class="n">核查未通过</th><th class="n">预警</th><th class="n">自评总分</th></tr></thead><tbody>
${records.map(({ record: r, findings: f }) => html`<tr><td><a href="/forms/${r.source.documentId}/${r.source.ordinal}">${r.projectName ?? '（无项目名称）'}</a></td><td>${formTypeName(r.formType)}</td><td>${r.source.file}</td><td class="n">${r.source.page}</td>
<td class="n">${f.filter((x) => x.kind === 'check' && x.status === 'fail').length || ''}</td><td class="n">${f.filter((x) => x.kind === 'flag' && x.status === 'fail').length || ''}</td><td class="n">${r.totalScore ?? ''}</td></tr>`)}
</tbody></table>` : ''}
${tables.length ? html`<h2>部门预算/决算表</h2><table><thead><tr><th>表</th><th>类别</th><th>文件</th><th>页</th><th class="n">行</th><th class="n">I8 通过</th><th class="n">未通过</th></tr></thead><tbody>
${tables.map(({ table: t, findings: f }) => html`<tr><td>${`${t.tableNo} ${t.title}`.trim()}</td><td>${t.kind}</td><td>${t.source.file}</td><td>${t.source.pages.join(', ')}</td><td class="n">${t.rows.length}</td><td class="n">${f.filter((x) => x.status === 'pass').length}</td><td class="n">${f.filter((x) => x.status === 'fail').length || ''}</td></tr>`)}
</tbody></table>` : ''}
${section('表单的核查与预警', bySource('form'), (e) => html`<a href="/forms/${e.documentId}/${e.ordinal}">${e.subject ?? `表单 ${e.ordinal}`}</a>`)}
${section('部门表的核查（I8）', bySource('table'), (e) => e.subject ?? '')}
${section('说明与表格', bySource('document'), (e) => e.file)}
${section('跨文件', bySource('across'), (e) => e.file)}`;
}

function section(title: string, entries: readonly FindingEntry[], heading: (e: FindingEntry) => Raw | string): Raw {
  if (!entries.length) return html``;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...entries].sort((a, b) => order[a.finding.severity] - order[b.finding.severity]);
  return html`<h2>${title}（${entries.length}）</h2>${sorted.map((e) => findingView(e.documentId, e.finding, heading(e)))}`;
}
