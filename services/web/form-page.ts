import type { ValidatedRecord } from '../../schemas/index.ts';
import { formTypeName } from './department-page.ts';
import { findingView } from './finding-view.ts';
import { html, type Raw } from './html.ts';

export type PageSize = { number: number; width: number; height: number };

/**
 * One form: what was read (funds, indicators, scores) beside the pages it was read from, each value's cell
 * outlined on the page — the cells that prove a finding in red — and the findings with their crops.
 */
export function formPage(v: ValidatedRecord, pages: readonly PageSize[]): Raw {
  const r = v.record;
  const failed = v.findings.filter((f) => f.status === 'fail');
  const proving = new Set(failed.flatMap((f) => f.evidence.filter((e) => !e.form).map((e) => `${e.page}:${e.bbox?.join(',')}`)));
  const num = (x: number | null) => (x === null ? '' : String(x));
  return html`<h1>${r.projectName ?? '（无项目名称）'}</h1>
<p>${formTypeName(r.formType)} · ${r.department ?? '（未印部门）'} · ${r.fiscalYear ?? '—'} 年度 · ${r.source.file} 第 ${r.source.pages.join('、')} 页 · 提取质量 ${v.quality.level}</p>
<p><a href="/d/${encodeURIComponent(r.department ?? '-')}/${r.fiscalYear ?? '-'}">← 部门年度</a></p>
<div class="split"><section>
<h2>资金（${r.funds.unit}）</h2><table><thead><tr><th></th><th class="n">年初预算</th><th class="n">全年预算</th><th class="n">全年执行</th><th class="n">执行率</th><th class="n">分值</th><th class="n">得分</th></tr></thead><tbody>
${r.funds.rows.map((row) => html`<tr><td>${row.label}</td><td class="n">${num(row.initialBudget)}</td><td class="n">${num(row.annualBudget)}</td><td class="n">${num(row.executed)}</td><td class="n">${num(row.executionRate)}</td><td class="n">${num(row.weight)}</td><td class="n">${num(row.score)}</td></tr>`)}
</tbody></table>
<h2>指标（${r.indicators.length}）</h2><table><thead><tr><th>一级</th><th>二级</th><th>三级指标</th><th>指标值</th><th>实际完成</th><th class="n">分值</th><th class="n">得分</th></tr></thead><tbody>
${r.indicators.map((i) => html`<tr><td>${i.level1 ?? ''}</td><td>${i.level2 ?? ''}</td><td>${i.name ?? ''}</td><td>${i.target ?? ''}</td><td>${i.actual ?? ''}</td><td class="n">${num(i.weight)}</td><td class="n">${num(i.score)}</td></tr>`)}
</tbody></table>
<p>总分：印 ${r.totalScore ?? '—'}${v.score.status === 'recomputed' ? html`；按规则重算 ${v.score.total}${v.score.gap !== null ? html`（差 ${v.score.gap}）` : ''}` : ''}</p>
<h2>问题（${failed.length}）</h2>${failed.length ? failed.map((f) => findingView(r.source.documentId, f)) : html`<p class="ok">核查全部通过，未触发预警。</p>`}
</section><section>
${pages.map((p) => html`<h2>第 ${p.number} 页</h2><div class="page"><svg viewBox="0 0 ${p.width} ${p.height}" role="img" aria-label="第 ${p.number} 页">
<image href="/documents/${r.source.documentId}/pages/${p.number}.png" width="${p.width}" height="${p.height}"/>
${Object.entries(r.provenance).filter(([, at]) => at.page === p.number).map(([field, at]) => {
    const [x0, y0, x1, y1] = at.bbox;
    const hit = proving.has(`${at.page}:${at.bbox.join(',')}`);
    return html`<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="${hit ? 'rgba(208,2,27,.12)' : 'none'}" stroke="${hit ? '#d0021b' : 'rgba(53,97,143,.45)'}" stroke-width="${hit ? 1.6 : 0.6}"><title>${field}: ${r.printed[field] ?? ''}</title></rect>`;
  })}</svg></div>`)}
</section></div>`;
}
