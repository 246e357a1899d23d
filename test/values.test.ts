import { describe, expect, it } from 'vitest';
import { isEmptyMark, parseAmount, parseRate, repairOcrNumber } from '../workers/values.ts';

describe('reading printed numbers', () => {
  it.each([
    ['12.00', 12], ['10 分', 10], ['10.00 分', 10], ['42.7763', 42.7763], ['１２３．５', 123.5], ['1,234.5', 1234.5],
    ['62.31 万元', 62.31], ['-3', -3], ['14. 88', 14.88],
  ])('amount %j → %j', (text, value) => expect(parseAmount(text)).toBe(value));

  it.each(['—', '-', '/', '', '  ', '―', '100%', '已完成', '约 5', '1.2.3', '12万', null])('amount %j → null', (text) => {
    expect(parseAmount(text)).toBeNull();
  });

  it.each([
    ['69%', 0.69], ['100.00%', 1], ['96.45%', 0.9645], ['0%', 0], ['１００％', 1], ['0.85', 0.85],
  ])('rate %j → %j', (text, value) => expect(parseRate(text)).toBe(value));

  it.each(['—', '12', '已完成', '>=95%'])('rate %j → null (not a rate as printed)', (text) => expect(parseRate(text)).toBeNull());

  it('knows the marks forms print for "empty"', () => {
    expect(['', '—', '/', '-', '／', ' — '].every(isEmptyMark)).toBe(true);
    expect(['0', '无', '—5'].some(isEmptyMark)).toBe(false);
  });

  it.each([
    ['1O0', '100'], ['l5', '15'], ['3S', '35'], ['10.0O分', '10.00分'], ['95%0', '95%'], ['100.00%46', '100.00%'], ['14. 88', '14.88'],
  ])('repairs OCR damage in a number: %j → %j', (text, repaired) => expect(repairOcrNumber(text)).toBe(repaired));

  it.each(['已完成', '有效提升', 'Sol', '≥90%', '2021年1月', '=1本'])('leaves %j alone: it is not a damaged number', (text) => {
    expect(repairOcrNumber(text)).toBe(text.normalize('NFKC').replace(/\s+/g, ''));
  });
});
