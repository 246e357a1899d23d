import type { CrawlReport } from '../../schemas/index.ts';

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** A crawl report for a terminal: the counts, then every URL that did not give a document, with the reason. */
export function crawlReportText(report: CrawlReport): string {
  const d = report.documents;
  const documents = d.new + d.changed + d.unchanged + d.duplicate + d.skipped + d.disallowed + d.failed;
  const lines = [
    `${report.source}: ${report.pages.fetched} listing pages${report.pages.failed ? ` (${report.pages.failed} failed)` : ''}${report.pages.disallowed ? ` (${report.pages.disallowed} disallowed)` : ''}, `
      + `${documents} documents in ${report.seconds.toFixed(1)} s (${megabytes(report.bytes)}): `
      + `${d.new} new, ${d.changed} changed, ${d.unchanged} unchanged, ${d.duplicate} duplicate, ${d.skipped} skipped, ${d.disallowed} disallowed, ${d.failed} failed`,
  ];
  if (report.truncated) lines.push(`  ${report.truncated}`);
  for (const item of report.items) {
    if (item.outcome !== 'failed' && item.outcome !== 'skipped' && item.outcome !== 'disallowed') continue;
    lines.push(`  ${item.outcome.padEnd(10)} ${item.url}${item.reason ? `  ${item.reason}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The latest run of each source, one line each: what `jixiao crawl --status` prints. */
export function crawlStatusText(reports: readonly CrawlReport[]): string {
  if (!reports.length) return 'no crawl has run yet\n';
  const latest = new Map<string, CrawlReport>();
  for (const report of reports) if (!latest.has(report.source)) latest.set(report.source, report);
  const rows = [...latest.values()].map((r) => {
    const d = r.documents;
    return [r.source, r.startedAt.replace('T', ' ').slice(0, 19), `${r.seconds.toFixed(0)} s`, String(r.pages.fetched), String(d.new), String(d.changed), String(d.unchanged), String(d.duplicate), String(d.skipped + d.disallowed), String(d.failed), megabytes(r.bytes)];
  });
  const header = ['source', 'last run (UTC)', 'took', 'pages', 'new', 'changed', 'unchanged', 'duplicate', 'skipped', 'failed', 'bytes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return `${[header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`;
}
