import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toContractRecord } from '../services/export/contract-record.ts';
import { CSV_HEADER, writeCsv } from '../services/export/csv.ts';
import { writeJsonl } from '../services/export/jsonl.ts';
import { makeFinding, makeIndicator, makeValidated } from './fixtures/records.ts';

const DOC = 'c'.repeat(64);

async function capture(write: (out: Writable) => Promise<number>): Promise<{ text: string; bytes: Buffer; count: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const count = await write(out);
  out.end();
  const bytes = Buffer.concat(chunks);
  return { text: bytes.toString('utf8'), bytes, count };
}

/** A small RFC 4180 reader, enough to prove the writer's output parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') rows.push([...row, field]), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('toContractRecord', () => {
  it('puts the contract fields first, in the order of records.md, then the extras', () => {
    const contract = toContractRecord(makeValidated(DOC, 2));
    expect(Object.keys(contract)).toEqual([
      'source', 'formType', 'fiscalYear', 'title', 'projectName', 'department', 'implementingUnit', 'owner',
      'funds', 'goals', 'indicators', 'totalWeight', 'totalScore', 'notes',
      'extra', 'findings', 'recomputedScore', 'quality', 'problems', 'provenance', 'printed',
    ]);
    expect(contract.source).toEqual({ file: 'sample.pdf', page: 2, pages: [2], documentId: DOC, ordinal: 2 });
    expect(Object.keys(contract.funds.rows[0] ?? {})).toEqual(['label', 'initialBudget', 'adjustment', 'annualBudget', 'executed', 'weight', 'executionRate', 'score']);
  });

  it('keeps lastYearValue only where the form printed one', () => {
    const target = makeValidated(DOC, 1, { indicators: [makeIndicator({ lastYearValue: '7' }), makeIndicator()] });
    const [withValue, without] = toContractRecord(target).indicators;
    expect(Object.keys(withValue ?? {})).toEqual(['level1', 'level2', 'name', 'target', 'actual', 'lastYearValue', 'weight', 'score', 'deviationReason', 'extra']);
    expect(without).not.toHaveProperty('lastYearValue');
  });
});

describe('writeJsonl', () => {
  it('writes one contract record per line', async () => {
    const records = [makeValidated(DOC, 1), makeValidated(DOC, 2, { department: '换行\n部门' })];
    const { text, count } = await capture((out) => writeJsonl(records, out));
    expect(count).toBe(2);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((line) => JSON.parse(line))).toEqual(records.map((r) => toContractRecord(r)));
  });
});

describe('writeCsv', () => {
  it('starts with a UTF-8 BOM and the header, with CRLF line ends', async () => {
    const { bytes, text } = await capture((out) => writeCsv([], out));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toBe(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
  });

  it('quotes commas, quotes and line breaks in Chinese text so the cells read back unchanged', async () => {
    const name = '培训人数，“重点”人群 "A,B"\n第二行';
    const reason = '资金未到位,\r\n项目延期';
    const record = makeValidated(DOC, 1, {
      projectName: '项目,"甲"',
      indicators: [makeIndicator({ name, deviationReason: reason })],
    });
    const { text } = await capture((out) => writeCsv([record], out));
    const rows = parseCsv(text.slice(1));
    expect(rows).toHaveLength(2);
    const cell = (column: (typeof CSV_HEADER)[number]) => rows[1]?.[CSV_HEADER.indexOf(column)];
    expect(cell('projectName')).toBe('项目,"甲"');
    expect(cell('name')).toBe(name);
    expect(cell('deviationReason')).toBe(reason);
    expect(text).toContain('"项目,""甲"""');
  });

  it('writes one row per indicator, repeating the form and its total funds row', async () => {
    const record = makeValidated(DOC, 3, {}, [
      makeFinding({ code: 'I1', status: 'fail' }),
      makeFinding({ code: 'I3', status: 'pass' }),
      makeFinding({ code: 'I4', status: 'fail' }),
      makeFinding({ code: 'F2', kind: 'flag', status: 'fail', severity: 'warning' }),
    ]);
    const { text, count } = await capture((out) => writeCsv([record], out));
    const rows = parseCsv(text.slice(1));
    expect(count).toBe(2);
    expect(record.score.status).toBe('recomputed');
    const recomputed = record.score.status === 'recomputed' ? String(Number(record.score.total)) : '';
    expect(rows[1]).toEqual([
      'sample.pdf', '3', 'project_self_evaluation', '2021', '项目3', '昌吉回族自治州自然资源局', '昌吉州国土资源调查中心',
      '20', '18', '0.9', '9', '100', '99', 'I1;I4', 'F2', recomputed, record.quality.level,
      '产出指标', '数量指标', '完成县市土地变更调查（个）', '>=7个', '7个', '10', '10', '',
    ]);
    expect(rows[2]?.slice(0, 17)).toEqual(rows[1]?.slice(0, 17));
    expect(rows[2]?.[CSV_HEADER.indexOf('name')]).toBe('数据合格率');
  });

  it('gives a form without indicators one row with empty indicator cells', async () => {
    const record = makeValidated(DOC, 1, { indicators: [], funds: { unit: '万元', rows: [] } });
    const { text, count } = await capture((out) => writeCsv([record], out));
    const rows = parseCsv(text.slice(1));
    expect(count).toBe(1);
    expect(rows[1]?.slice(7, 11)).toEqual(['', '', '', '']);
    expect(rows[1]?.slice(CSV_HEADER.indexOf('level1'))).toEqual(['', '', '', '', '', '', '', '']);
  });

  it('keeps Excel from reading printed targets such as =7个 as formulas, unless told not to', async () => {
    const record = makeValidated(DOC, 1, { indicators: [makeIndicator({ target: '=7个', actual: '-' })] });
    const guarded = parseCsv((await capture((out) => writeCsv([record], out))).text.slice(1));
    const at = CSV_HEADER.indexOf('target');
    expect(guarded[1]?.slice(at, at + 2)).toEqual(["'=7个", "'-"]);
    const raw = parseCsv((await capture((out) => writeCsv([record], out, { guardFormulas: false }))).text.slice(1));
    expect(raw[1]?.slice(at, at + 2)).toEqual(['=7个', '-']);
  });

  it('waits for a slow reader instead of buffering the whole export', async () => {
    const records = Array.from({ length: 200 }, (_, i) => makeValidated(DOC, i + 1));
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk: Buffer, _encoding, done) {
        setImmediate(done);
      },
    });
    const count = await writeCsv(records, slow);
    expect(count).toBe(400);
    // Without waiting for 'drain', all ~100 KB would still sit in the stream's buffer here.
    expect(slow.writableLength).toBeLessThan(4096);
  });
});
