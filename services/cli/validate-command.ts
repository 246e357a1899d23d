import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ValidatedRecord } from '../../schemas/index.ts';
import { reviewRecords } from '../../workers/validate/review-records.ts';
import { validateRecord } from '../../workers/validate/validate-record.ts';
import { writeJsonl } from '../export/jsonl.ts';
import { readRecordsFile } from '../import/read-records-file.ts';
import { writeReport, type ReportFormat } from '../report/write-report.ts';
import type { CliIo } from './run-summary.ts';
import { formatTable } from './summary-table.ts';

export type ValidateOptions = { files: string[]; out?: string; report?: ReportFormat };

/**
 * `jixiao validate`: the checks, the official score recomputation and the flags on records that come
 * from elsewhere (the contract format), with no extraction. A record that does not parse is reported
 * with its place in the file; the others are still validated (exit code 2 then).
 */
export async function validateCommand(options: ValidateOptions, io: CliIo, stdout: Writable): Promise<number> {
  const validated: ValidatedRecord[] = [];
  let bad = 0;
  for (const file of options.files) {
    const { records, errors } = await readRecordsFile(file);
    for (const error of errors) io.stderr(`skipped ${error}\n`);
    bad += errors.length;
    validated.push(...records.map(validateRecord));
  }
  const reviewed = reviewRecords(validated);

  if (options.out) {
    const out = createWriteStream(options.out);
    await writeJsonl(reviewed, out);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    io.stderr(`${reviewed.length} validated records written to ${options.out}\n`);
  }
  if (options.report) await writeReport(reviewed, options.report, {}, stdout);
  else io.stdout(summaryTable(reviewed));
  return bad ? 2 : 0;
}

function summaryTable(records: readonly ValidatedRecord[]): string {
  const rows = records.map(({ record: r, findings, score, quality }) => {
    const failed = [...new Set(findings.filter((f) => f.kind === 'check' && f.status === 'fail').map((f) => f.code))];
    const raised = findings.filter((f) => f.kind === 'flag' && f.status === 'fail');
    const bySeverity = (s: string) => raised.filter((f) => f.severity === s).length;
    const recomputed = score.status === 'recomputed' ? `${score.total} [${score.min}–${score.max}]` : '—';
    return [
      r.source.file, String(r.source.ordinal), short(r.projectName ?? '—'), failed.join(' ') || '—',
      raised.length ? `${bySeverity('error')}/${bySeverity('warning')}/${bySeverity('info')}` : '—',
      r.totalScore === null ? '—' : String(r.totalScore), recomputed, quality.level,
    ];
  });
  const failing = records.filter((v) => v.findings.some((f) => f.kind === 'check' && f.status === 'fail')).length;
  const flagged = records.filter((v) => v.findings.some((f) => f.kind === 'flag' && f.status === 'fail')).length;
  return formatTable(['file', 'form', 'project', 'failed checks', 'flags e/w/i', '总分', 'recomputed [range]', 'quality'], rows) +
    `\n${records.length} forms: ${failing} break a check, ${flagged} carry a flag\n`;
}

const short = (text: string, max = 18) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);
