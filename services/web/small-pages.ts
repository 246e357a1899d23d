import type { CrawlReport, DocumentInfo, ValidatedRecord } from '../../schemas/index.ts';
import { formTypeName } from './department-page.ts';
import { html, type Raw } from './html.ts';

const STATUS: Record<string, string> = { received: '已接收', extracted: '已提取', normalized: '已识别', validated: '已完成', failed: '失败' };

export function searchPage(q: string, hits: readonly ValidatedRecord[]): Raw {
  return html`<h1>搜索项目：${q || '（空）'}</h1>
${q ? html`<p>${hits.length} 个表单。</p>` : html`<p class="muted">在上方输入项目名称的一部分。</p>`}
${hits.length ? html`<table><thead><tr><th>项目</th><th>部门</th><th>年度</th><th>类型</th><th>文件</th></tr></thead><tbody>
${hits.map(({ record: r }) => html`<tr><td><a href="/forms/${r.source.documentId}/${r.source.ordinal}">${r.projectName}</a></td><td>${r.department ?? ''}</td><td>${r.fiscalYear ?? ''}</td><td>${formTypeName(r.formType)}</td><td>${r.source.file}</td></tr>`)}
</tbody></table>` : ''}`;
}

/** The upload form: a plain multipart form that works without JavaScript; a small script shows the upload's progress. */
export function uploadPage(maxMb: number): Raw {
  return html`<h1>上传文件</h1>
<form class="box" id="upload" action="/documents" method="post" enctype="multipart/form-data">
<label>文件（可多选，每个不超过 ${maxMb} MB）<input type="file" name="file" accept=".pdf,.docx,.docm,.doc,.wps,.xlsx,.xlsm,.xls,.et,.html,.htm,application/pdf" multiple required></label>
<button>上传并处理</button> <progress id="progress" value="0" max="100" hidden></progress></form>
<p class="muted">PDF、Word（.docx/.doc）、Excel（.xlsx/.xls）或网页（.html），按内容识别；同一文件只存一次（按 sha256）；处理完成后可在“部门 × 年度”中查看。</p>
<script>
document.getElementById('upload').addEventListener('submit', function (event) {
  event.preventDefault();
  var form = event.target, bar = document.getElementById('progress'), xhr = new XMLHttpRequest();
  bar.hidden = false;
  xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
  xhr.onload = function () {
    var ids = [];
    try { ids = JSON.parse(xhr.responseText).documents.map(function (d) { return d.id || ''; }); } catch (e) {}
    location.href = '/uploads?ids=' + encodeURIComponent(ids.join(',')) + '&status=' + xhr.status;
  };
  xhr.open('POST', form.action);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send(new FormData(form));
});
</script>`;
}

/** The documents of an upload with their status; the page reloads itself (no script needed) until all are done. */
export function uploadsPage(documents: readonly (DocumentInfo | { id: string; missing: true })[], rejected: readonly { fileName: string; error: string }[]): Raw {
  return html`<h1>上传的文件</h1>
${rejected.map((r) => html`<p class="error">${r.fileName}：${r.error}</p>`)}
<table><thead><tr><th>文件</th><th>状态</th><th class="n">页</th><th>说明</th></tr></thead><tbody>
${documents.map((d) => ('missing' in d ? html`<tr><td colspan="4">${d.id}：不在库中</td></tr>` : html`<tr data-status="${d.status}"><td>${d.fileName}</td><td class="${d.status === 'failed' ? 'error' : d.status === 'validated' ? 'ok' : ''}">${STATUS[d.status] ?? d.status}</td><td class="n">${d.pageCount ?? ''}</td><td>${d.error ?? d.note ?? ''}</td></tr>`))}
</tbody></table><p><a href="/">← 部门 × 年度</a></p>`;
}

export function loginPage(failed: boolean, next: string): Raw {
  return html`<h1>登录</h1>
<form class="box" action="/login" method="post"><input type="hidden" name="next" value="${next}">
<label>API 令牌（JIXIAO_API_TOKENS 中的一个）<input type="password" name="token" autocomplete="current-password" required></label>
${failed ? html`<p class="error">令牌无效。</p>` : ''}<button>登录</button></form>`;
}

const OUTCOMES: Record<string, string> = {
  new: '新文件', changed: '已更新', unchanged: '未变', duplicate: '重复', skipped: '跳过', disallowed: 'robots 禁止', failed: '失败', fetched: '已读取',
};

/** The crawl runs, newest first, each with the URLs that gave no document and why. */
export function crawlsPage(reports: readonly CrawlReport[]): Raw {
  if (!reports.length) return html`<h1>抓取</h1><p>尚无抓取记录。用 <code>jixiao crawl --once --url …</code> 或在 jixiao.sources.yaml 中配置来源。</p>`;
  return html`<h1>抓取</h1>
<table><thead><tr><th>来源</th><th>开始（UTC）</th><th class="n">秒</th><th class="n">列表页</th><th class="n">新文件</th><th class="n">已更新</th><th class="n">未变</th><th class="n">重复</th><th class="n">跳过</th><th class="n">失败</th></tr></thead><tbody>
${reports.map((r) => html`<tr><td>${r.source}</td><td>${r.startedAt.replace('T', ' ').slice(0, 19)}</td><td class="n">${r.seconds.toFixed(0)}</td><td class="n">${r.pages.fetched}</td><td class="n">${r.documents.new}</td><td class="n">${r.documents.changed}</td><td class="n">${r.documents.unchanged}</td><td class="n">${r.documents.duplicate}</td><td class="n">${r.documents.skipped + r.documents.disallowed}</td><td class="n ${r.documents.failed ? 'error' : ''}">${r.documents.failed}</td></tr>`)}
</tbody></table>
${reports.slice(0, 5).map((r) => {
    const problems = r.items.filter((i) => i.outcome === 'failed' || i.outcome === 'skipped' || i.outcome === 'disallowed');
    return problems.length || r.truncated ? html`<h2>${r.source} · ${r.startedAt.slice(0, 10)}</h2>${r.truncated ? html`<p class="error">${r.truncated}</p>` : ''}
<table><thead><tr><th>结果</th><th>链接</th><th>链接文字</th><th>原因</th></tr></thead><tbody>
${problems.map((i) => html`<tr><td class="${i.outcome === 'failed' ? 'error' : ''}">${OUTCOMES[i.outcome] ?? i.outcome}</td><td>${i.url}</td><td>${i.linkText ?? ''}</td><td>${i.reason ?? ''}</td></tr>`)}
</tbody></table>` : '';
  })}`;
}
