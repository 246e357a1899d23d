import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DepartmentReport } from '../schemas/index.ts';
import { validateCommand } from '../services/cli/validate-command.ts';
import { readRecordsFile } from '../services/import/read-records-file.ts';
import { departmentReports } from '../services/report/department-report.ts';
import { formatReportMarkdown } from '../services/report/format-report-md.ts';
import { reviewRecords } from '../workers/validate/review-records.ts';
import { validateRecord } from '../workers/validate/validate-record.ts';
import { capture, sink } from './fixtures/cli-io.ts';

// The expected records of the samples are contract records as a gold file holds them: what a researcher would pass.
const T2 = path.join(import.meta.dirname, '..', 'samples', 'expected', 't2-004-part1-digital.records.json');

const dirs: string[] = [];
/** A scratch folder, removed when the file's tests are done. */
const scratch = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jixiao-validate-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});


describe('reading contract records', () => {
  it('reads a JSON array, giving each record its ordinal and a document id per source file', async () => {
    const { records, errors } = await readRecordsFile(T2);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(23);
    expect(records.map((r) => r.source.ordinal)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.source.documentId)).size).toBe(1);
    expect(records[0]!.source.documentId).toMatch(/^[0-9a-f]{64}$/);
  });
  it('reads JSON Lines and reports a bad line by number while keeping the others', async () => {
    const dir = await scratch();
    const [first, second] = JSON.parse(await readFile(T2, 'utf8')) as unknown[];
    const file = path.join(dir, 'mixed.jsonl');
    await writeFile(file, [JSON.stringify(first), '{"source": {"file": "x.pdf"}}', 'not json', JSON.stringify(second)].join('\n'));
    const { records, errors } = await readRecordsFile(file);
    expect(records).toHaveLength(2);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^mixed\.jsonl line 2: source\.page/);
    expect(errors[1]).toMatch(/^mixed\.jsonl line 3: not valid JSON/);
  });
});

describe('jixiao validate', () => {
  it('finds the arithmetic violations the seed notes list for forms 1–23 of seed 004', async () => {
    const io = capture();
    const dir = await scratch();
    const out = path.join(dir, 'validated.jsonl');
    expect(await validateCommand({ files: [T2], out }, io, new PassThrough())).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { source: { ordinal: number }; findings: { code: string; kind: string; status: string }[]; recomputedScore: { status: string }; quality: { level: string } });
    const failing = (code: string) => lines.filter((l) => l.findings.some((f) => f.kind === 'check' && f.code === code && f.status === 'fail')).map((l) => l.source.ordinal);
    // seeds-004.md (d), restricted to ordinals ≤ 23.
    expect(failing('I1')).toEqual([8, 13]);
    expect(failing('I2')).toEqual([14, 16]);
    expect(failing('I3')).toEqual([18, 20, 21]);
    expect(failing('I6')).toEqual([18, 20, 21]);
    expect(failing('I4')).toEqual([]);
    expect(failing('I7')).toEqual([]);
    expect(lines.every((l) => l.recomputedScore.status === 'recomputed')).toBe(true);
    expect(io.out.join('')).toContain('23 forms: 7 break a check');
    expect(io.err.join('')).toContain(`23 validated records written to ${out}`);
  });
  it('exits 2 when a record could not be read, after validating the rest', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'one-bad.jsonl');
    const [first] = JSON.parse(await readFile(T2, 'utf8')) as unknown[];
    await writeFile(file, `${JSON.stringify(first)}\n{"formType": "nonsense"}\n`);
    const io = capture();
    expect(await validateCommand({ files: [file] }, io, new PassThrough())).toBe(2);
    expect(io.err.join('')).toContain('skipped one-bad.jsonl line 2');
    expect(io.out.join('')).toContain('1 forms:');
  });
  it('prints the JSON report in the DepartmentReport schema', async () => {
    const out = sink();
    await validateCommand({ files: [T2], report: 'json' }, capture(), out.stream);
    const [report] = DepartmentReport.array().parse(JSON.parse(out.text()));
    expect(report).toMatchObject({ department: '恒口示范区自然资源局', fiscalYear: 2024, forms: { total: 23 } });
    expect(report!.checks.find((c) => c.code === 'I3')).toMatchObject({ failed: 3 });
    expect(report!.checks.find((c) => c.code === 'I3')!.cases.map((c) => c.ordinal).sort((a, b) => a - b)).toEqual([18, 20, 21]);
  });
});

describe('flags on the sample records against the seed notes\' reviewer findings (section e)', () => {
  const T1 = path.join(import.meta.dirname, '..', 'samples', 'expected', 't1-003-digital.records.json');
  const flagged = async (file: string) => {
    const { records } = await readRecordsFile(file);
    const reviewed = reviewRecords(records.map(validateRecord));
    return (code: string) => ({
      forms: [...new Set(reviewed.filter((v) => v.findings.some((f) => f.code === code && f.status === 'fail')).map((v) => v.record.source.ordinal))],
      rows: reviewed.reduce((n, v) => n + v.findings.filter((f) => f.code === code && f.status === 'fail').length, 0),
    });
  };
  it('seed 004, forms 1–23', async () => {
    const on = await flagged(T2);
    expect(on('FULL_MARKS_ZERO_SPEND').forms).toEqual([3, 4, 5, 8, 19]);
    expect(on('COST_UNDERSPENT_PENALISED').forms).toEqual([1, 11, 14, 16]);
    expect(on('SCORE_NOT_PROPORTIONAL').forms).toEqual([22, 23]);
    expect(on('DONE_BELOW_ACHIEVED_TIER')).toEqual({ forms: [13], rows: 3 });
    expect(on('EXECUTION_ON_OTHER_FUND_ROW').forms).toEqual([5, 15]);
    expect(on('TEMPLATE_PLACEHOLDER').forms).toEqual([10]);
    expect(on('SATISFACTION_NOT_MEASURED').forms).toHaveLength(23);
    // The forms that lose points with a blank 偏差大或目标未完成原因分析, as listed in the notes.
    expect(on('DEDUCTION_WITHOUT_REASON').forms).toEqual([2, 6, 7, 9, 10, 12, 15, 17, 18, 20, 21]);
  });
  it('seed 003, forms 1–21', async () => {
    const on = await flagged(T1);
    expect(on('FULL_MARKS_BELOW_FULL_EXECUTION').forms).toEqual([4, 10, 18, 20]);
    expect(on('COST_UNDERSPENT_PENALISED').forms).toEqual([3, 5, 6, 11]);
    expect(on('TARGET_MISSED_FULL_MARKS').forms).toEqual([8]);
    expect(on('EXACT_TARGET_OVERSHOT')).toEqual({ forms: [12, 14, 15], rows: 4 });
    expect(on('REASON_AT_FULL_MARKS').forms).toEqual([4, 20]);
    expect(on('REASON_REPEATED').forms).toEqual([3, 5, 6, 11]);
    expect(on('CROSS_FORM_SAME_GOAL').forms).toEqual([1, 21]);
    expect(on('UNMEASURABLE_TARGET').rows).toBe(37);
    expect(on('UNIT_MISLABELLED').forms).toEqual([13, 14]);
    expect(on('ACTUAL_COPIES_TARGET').forms).toEqual([5, 6, 11, 12, 20]);
  });
});

describe('the department report', () => {
  it('sums the funds, bands the printed totals and ranks flags worst first', async () => {
    const { records } = await readRecordsFile(T2);
    const [report] = departmentReports(reviewRecords(records.map(validateRecord)));
    const r = report!;
    expect(Object.values(r.scores.bands).reduce((a, b) => a + b, 0)).toBe(r.scores.printed);
    expect(r.funds.forms).toBeGreaterThan(0);
    expect(Number(r.funds.executed)).toBeLessThanOrEqual(Number(r.funds.annualBudget));
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const ranks = r.flags.map((f) => rank[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // seeds-004.md (e): every form reports satisfaction without a survey figure.
    expect(r.flags.find((f) => f.code === 'SATISFACTION_NOT_MEASURED')?.forms).toBe(23);
    expect(r.recomputed.forms).toBe(23);
    const md = formatReportMarkdown([r]);
    expect(md).toContain('## 恒口示范区自然资源局 — 2024');
    expect(md).toContain('| I3 | 3 | 0 |');
  });
  it('filters by department and year', async () => {
    const { records } = await readRecordsFile(T2);
    const validated = records.map(validateRecord);
    expect(departmentReports(validated, { fiscalYear: 2023 })).toEqual([]);
    expect(departmentReports(validated, { department: '恒口示范区自然资源局' })).toHaveLength(1);
  });
});
