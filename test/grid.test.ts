import { describe, expect, it } from 'vitest';
import type { TextItem } from '../schemas/index.ts';
import { findGrids } from '../workers/grid/find-grids.ts';
import { layoutPage } from '../workers/grid/page-layout.ts';
import { splitAtRules } from '../workers/grid/split-items.ts';
import { extractSample } from './fixtures/samples.ts';

describe('rebuilding ruled tables', () => {
  it('finds the grid of a real form with its merged cells', async () => {
    const page = (await extractSample('t1-003-digital.pdf')).pages[0]!;
    const [grid, ...others] = findGrids(page.rules);
    expect(others).toHaveLength(0);
    expect([grid!.rowEdges.length - 1, grid!.colEdges.length - 1]).toEqual([17, 9]);
    const table = layoutPage(page).tables[0]!;
    const span = (text: string) => {
      const cell = table.cells.find((c) => c.text === text);
      return cell && [cell.rowSpan, cell.colSpan];
    };
    expect(span('“信用昌吉”网站体系运行维护费')).toEqual([1, 8]);
    expect(span('项目资金（万元）')).toEqual([3, 1]);
    expect(span('产出指标')).toEqual([5, 1]);
    expect(span('总分')).toEqual([1, 6]);
    expect(span('年度绩效指标完成情况')).toEqual([9, 1]);
  });

  it('keeps text outside tables as free lines (titles, years, page numbers)', async () => {
    const layout = layoutPage((await extractSample('t2-004-part1-digital.pdf')).pages[0]!);
    expect(layout.lines.map((l) => l.text)).toEqual(['附件 1', '2024 年度 2022 年地质灾害综合防治体系建设项目自评表', '— 1 —']);
  });

  it('joins lines of a wrapped cell without the break', async () => {
    const table = layoutPage((await extractSample('t1-003-digital.pdf')).pages[0]!).tables[0]!;
    expect(table.cells.some((c) => c.text === '昌吉回族自治州发展和改革委员会本级' && c.colSpan === 3)).toBe(true);
  });

  it('splits a text run that pdf.js merged across a cell border', () => {
    const item: TextItem = { text: '96.40% 9.64', bbox: [100, 10, 160, 20], fontSize: 10, source: 'text-layer', confidence: 1 };
    const parts = splitAtRules([item], [{ axis: 'v', at: 136, from: 0, to: 50 }]);
    expect(parts.map((p) => p.text)).toEqual(['96.40%', '9.64']);
    expect(parts[0]!.bbox[2]).toBeLessThanOrEqual(136);
    expect(parts[1]!.bbox[0]).toBeGreaterThanOrEqual(136);
  });

  it('does not split a run under a rule that stops above it', () => {
    const item: TextItem = { text: '（2023 年度）', bbox: [100, 60, 160, 70], fontSize: 10, source: 'text-layer', confidence: 1 };
    expect(splitAtRules([item], [{ axis: 'v', at: 130, from: 0, to: 50 }])).toEqual([item]);
  });
});
