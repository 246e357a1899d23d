import { html, type Raw } from './html.ts';

/** Every page's frame: the bar with the overview, search, upload and downloads, then the content. */
export function layout(title: string, body: Raw, options: { canWrite: boolean; loggedIn: boolean; q?: string }): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · jixiao 绩效</title><link rel="stylesheet" href="/static/style.css"></head>
<body><header><a class="brand" href="/">jixiao 绩效</a><a href="/">部门 × 年度</a>${options.canWrite ? html`<a href="/upload">上传</a>` : ''}<a href="/crawl-runs">抓取</a><a href="/docs">API</a>
<form action="/search" method="get" role="search"><input type="search" name="q" placeholder="项目名称" value="${options.q ?? ''}" aria-label="项目名称"><button>搜索</button></form>
${options.loggedIn ? html`<form action="/logout" method="post"><button>退出</button></form>` : ''}</header>
<main>${body}</main></body></html>`.value;
}
