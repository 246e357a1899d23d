import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Rule } from '../schemas/index.ts';
import { isFinal, isPermanent } from '../workers/errors.ts';
import { findGrids } from '../workers/grid/find-grids.ts';
import { runStep } from '../workers/run-step.ts';
import { defineStage } from '../workers/stage.ts';
import { checkDeadline, StepTimeoutError, withDeadline } from '../workers/step-deadline.ts';
import { fakeDeps } from './fixtures/fake-deps.ts';

/**
 * A ruled table of rows × cols whose every cell is crosshatched (lines `step` apart, inset from the borders):
 * thousands of rules on one page, each hatching line its own row or column edge.
 */
function hatchedTable(rows: number, cols: number, step = 2.2): Rule[] {
  const [x0, y0, rowH, colW] = [30, 30, 18, 45];
  const rules: Rule[] = [];
  for (let r = 0; r <= rows; r++) rules.push({ axis: 'h', at: y0 + r * rowH, from: x0, to: x0 + cols * colW });
  for (let c = 0; c <= cols; c++) rules.push({ axis: 'v', at: x0 + c * colW, from: y0, to: y0 + rows * rowH });
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const left = x0 + c * colW, top = y0 + r * rowH;
      for (let y = top + 2; y < top + rowH - 2; y += step) rules.push({ axis: 'h', at: y, from: left + 2, to: left + colW - 2 });
      for (let x = left + 2; x < left + colW - 2; x += step) rules.push({ axis: 'v', at: x, from: top + 2, to: top + rowH - 2 });
    }
  }
  return rules;
}

/** Twenty such pages: several seconds of grid building, far more than the deadlines below. */
const pages = Array.from({ length: 20 }, () => hatchedTable(40, 12));

describe('the deadline of a step that computes on the main thread', () => {
  it('stops grid building of pages full of hatching lines at the deadline, though it never awaits', async () => {
    expect(pages[0]!.length).toBeGreaterThan(12_000);
    const start = performance.now();
    const run = withDeadline(150, undefined, async () => pages.map(findGrids));
    await expect(run).rejects.toBeInstanceOf(StepTimeoutError);
    expect(performance.now() - start).toBeLessThan(1_500);
  });

  it('fails a step run past its deadline before anything is saved, final on its second try', async () => {
    const heavy = defineStage({
      name: 'normalize', input: z.null(), output: z.array(z.unknown()),
      load: async () => null,
      run: async () => pages.map(findGrids),
    });
    // No store call is expected: the step must end before saving output or setting a status.
    const failure = await runStep(heavy, 'a'.repeat(64), fakeDeps(), { timeoutMs: 150 }).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(StepTimeoutError);
    expect(isPermanent(failure)).toBe(false);
    expect(isFinal(failure, 1, 3)).toBe(false);
    expect(isFinal(failure, 2, 3)).toBe(true);
    expect((failure as Error).message).toMatch(/^gave up after 0\.15 s/);
  });

  it('gives the step an abort signal, and keeps each step\'s deadline apart from the others running beside it', async () => {
    let seen: AbortSignal | undefined;
    const slow = withDeadline(100, undefined, async (signal) => {
      seen = signal;
      await new Promise((r) => setTimeout(r, 300));
      checkDeadline();
    });
    // Interleaved on the same thread with no deadline of its own: never timed out by the other's.
    const free = withDeadline(undefined, undefined, async () => {
      await new Promise((r) => setTimeout(r, 300));
      checkDeadline();
      return 'done';
    });
    await expect(slow).rejects.toBeInstanceOf(StepTimeoutError);
    expect(seen?.aborted).toBe(true);
    await expect(free).resolves.toBe('done');
  });
});
