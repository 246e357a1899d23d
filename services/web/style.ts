/** The page's one stylesheet: system fonts with CJK fallbacks, no web fonts, no framework. */
export const STYLE = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #f6f7f9; --error: #b3261e; --warning: #a15c00; --info: #35618f; --ok: #2e7d32; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); }
header { background: #243b55; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; } header a:hover { text-decoration: underline; }
header .brand { font-weight: 700; font-size: 1.1rem; margin-right: auto; }
header form { display: flex; gap: .3rem; } header input { padding: .25rem .4rem; border: 0; border-radius: 3px; }
main { max-width: 1280px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.35rem; margin: .6rem 0 1rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; white-space: nowrap; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); } .error { color: var(--error); } .warning { color: var(--warning); } .info { color: var(--info); } .ok { color: var(--ok); }
.badge { display: inline-block; min-width: 1.6em; padding: 0 .4em; border-radius: .8em; font-size: .85em; text-align: center; color: #fff; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
.finding { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--info); padding: .5rem .7rem; margin: .5rem 0; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); }
.finding .code { font-family: ui-monospace, monospace; font-size: .85em; color: var(--muted); }
.evidence { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .4rem; } .evidence img { border: 1px solid var(--line); max-width: 100%; }
.split { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.2rem; } @media (max-width: 900px) { .split { grid-template-columns: 1fr; } }
.page { position: relative; } .page svg { width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
.downloads a, .button { display: inline-block; margin: .2rem .4rem .2rem 0; padding: .3rem .7rem; background: #fff; border: 1px solid var(--line); border-radius: 4px; color: var(--ink); text-decoration: none; }
form.box { background: #fff; border: 1px solid var(--line); padding: 1rem; max-width: 32rem; } form.box label { display: block; margin: .4rem 0; }
form.box input[type=password], form.box input[type=text] { width: 100%; padding: .4rem; }
button { padding: .35rem .9rem; }
`;
