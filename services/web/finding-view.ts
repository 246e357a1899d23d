import type { Evidence, Finding } from '../../schemas/index.ts';
import { html, query, type Raw } from './html.ts';

const SEVERITY: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };

/** The crop of an evidence cell, from the document it is printed in. */
export function evidenceImage(documentId: string, e: Evidence): Raw {
  if (e.page === null || e.bbox === null) return html``;
  const id = e.form?.documentId ?? documentId;
  return html`<img loading="lazy" alt="${e.printed ?? e.field}" title="${e.field} · ${e.ref ?? `p.${e.page}`}" src="/documents/${id}/crop${query({ page: e.page, bbox: e.bbox.map((v) => v.toFixed(1)).join(',') })}">`;
}

/** A finding with its message, what was expected and printed, the quoted sentence and the cells that prove it. */
export function findingView(documentId: string, f: Finding, heading?: Raw | string): Raw {
  const quote = f.evidence.find((e) => e.field === 'prose')?.printed;
  const cells = f.evidence.filter((e) => e.field !== 'prose' && e.page !== null && e.bbox !== null).slice(0, 4);
  return html`<div class="finding ${f.severity}"><div>${heading ? html`<strong>${heading}</strong> · ` : ''}<span class="${f.severity}">${SEVERITY[f.severity] ?? f.severity}</span> <span class="code">${f.code}</span></div>
<div>${f.message}</div>${f.expected !== null || f.printed !== null ? html`<div class="muted">应为 ${f.expected ?? '—'}，印为 ${f.printed ?? '—'}</div>` : ''}
${quote ? html`<blockquote>${quote}</blockquote>` : ''}${cells.length ? html`<div class="evidence">${cells.map((e) => evidenceImage(documentId, e))}</div>` : ''}</div>`;
}
