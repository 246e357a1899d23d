import { describe, expect, it } from 'vitest';
import { isEmptyMark, parseAmount, parseRate } from '../workers/normalize/values.ts';

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
});
