import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { compare } from '../../../bench/compare.ts';
import { BenchmarkSkippedError } from '../../../bench/errors.ts';
import { formatTable } from '../../../bench/format-table.ts';
import { valueAtMost } from '../../../bench/goals.ts';
import { runSuites } from '../../../bench/run-suites.ts';
import { median, percentile, relativeMarginOfError } from '../../../bench/stats.ts';
import type { BenchmarkResult, Comparison, PairedComparison, SideBySideComparison } from '../../../bench/types.ts';
import { writeResults } from '../../../bench/write-results.ts';

// The shortest budget tinybench accepts: these tests check shapes, never timings.
const QUICK = { timeMs: 0, iterations: 3, warmupTimeMs: 0, warmupIterations: 1, rounds: 2 };

const sideBySide = (name = 'sum', overrides: Partial<SideBySideComparison> = {}): Comparison => ({
  name,
  goal: 'reported, no goal: the harness itself',
  measure: { kind: 'throughput', itemsPerCall: 100, unit: 'items/s' },
  subject: { name: 'loop', run: () => Array.from({ length: 100 }, (_, i) => i).reduce((a, b) => a + b, 0) },
  baseline: { name: 'formula', run: () => (99 * 100) / 2 },
  timing: QUICK,
  ...overrides,
});

const paired = (observations: [number, number][], overrides: Partial<PairedComparison> = {}): PairedComparison => {
  const queue = [...observations];
  return {
    name: 'start',
    goal: 'at most 2 times the engine',
    meets: (result) => result.ratio <= 2,
    subjectName: 'whole start',
    baselineName: 'engine within it',
    observe: async () => {
      const [subject, baseline] = queue.shift() ?? [Number.NaN, Number.NaN];
      return { subject, baseline };
    },
    warmups: 1,
    observations: observations.length - 1,
    ...overrides,
  };
};

describe('compare', () => {
  it('reports the subject and the baseline measured in the same run, with their ratio', async () => {
    // Act
    const result = await compare(sideBySide());

    // Assess
    expect(result).toEqual({
      name: 'sum',
      subject: 'loop',
      value: expect.any(Number),
      unit: 'items/s',
      rme: expect.any(Number),
      samples: expect.any(Number),
      baseline: { name: 'formula', value: expect.any(Number), unit: 'items/s', rme: expect.any(Number), samples: expect.any(Number) },
      ratio: result.value / result.baseline.value,
      goal: 'reported, no goal: the harness itself',
      met: null,
    });
    expect(result.samples).toBeGreaterThanOrEqual(QUICK.iterations * QUICK.rounds);
    expect(result.baseline.value).toBeGreaterThan(0);
  });

  it('reports paired observations by their medians in ms, leaving the warm-ups out', async () => {
    // Act
    const result = await compare(
      paired([
        [9_000, 8_000],
        [400, 300],
        [200, 100],
        [300, 200],
      ]),
    );

    // Assess
    expect(result).toMatchObject({ name: 'start', subject: 'whole start', value: 300, unit: 'ms', samples: 3, ratio: 1.5, met: true });
    expect(result.baseline).toMatchObject({ name: 'engine within it', value: 200, unit: 'ms', samples: 3 });
  });

  it('says of every result its goal and whether this run met it', async () => {
    // Prepare
    const goal = 'at most 1.10 times the engine';

    // Act
    const [met, missed] = await Promise.all([
      compare(
        paired(
          [
            [0, 0],
            [110, 100],
            [105, 100],
          ],
          { goal, meets: (result) => result.ratio <= 1.1 },
        ),
      ),
      compare(
        paired(
          [
            [0, 0],
            [300, 100],
            [300, 100],
          ],
          { goal, meets: (result) => result.ratio <= 1.1 },
        ),
      ),
    ]);

    // Assess
    expect([met.goal, met.met]).toEqual([goal, true]);
    expect([missed.goal, missed.met]).toEqual([goal, false]);
  });

  it("judges a duration goal by the subject's median time, whatever the ratio to the baseline", async () => {
    // Prepare: the npm start entries (8 s fresh, 3 s cached), a subject slower than its baseline either way
    const goal = valueAtMost(3_000, 'ms', 'at most 3 s');

    // Act
    const [met, missed] = await Promise.all([
      compare(
        paired(
          [
            [0, 0],
            [2_900, 2_000],
            [2_950, 2_000],
          ],
          goal,
        ),
      ),
      compare(
        paired(
          [
            [0, 0],
            [3_100, 5_000],
            [3_200, 5_000],
          ],
          goal,
        ),
      ),
    ]);

    // Assess
    expect([met.goal, met.met]).toEqual(['at most 3 s', true]);
    expect([missed.goal, missed.met]).toEqual(['at most 3 s', false]);
  });

  it('reports the measurements a comparison made itself as they are, with their ratio and goal, then disposes of it', async () => {
    // Prepare
    const dispose = vi.fn();
    const subject = { name: 'end to end, p99', value: 300, unit: 'ms', rme: 12, samples: 100 };
    const baseline = { name: 'invocations, p99', value: 60, unit: 'ms', rme: 8, samples: 100 };

    // Act
    const result = await compare({ name: 'flow', goal: 'p99 ≤ 400 ms', report: async () => ({ subject, baseline }), dispose });

    // Assess
    expect(result).toEqual({
      name: 'flow',
      subject: 'end to end, p99',
      value: 300,
      unit: 'ms',
      rme: 12,
      samples: 100,
      baseline,
      ratio: 5,
      goal: 'p99 ≤ 400 ms',
      met: null,
    });
    expect(dispose).toHaveBeenCalledOnce();
  });

  it('reports nothing for a comparison whose verification fails, and still disposes of it', async () => {
    // Prepare
    const dispose = vi.fn();
    const comparison = {
      ...sideBySide(),
      verify: () => {
        throw new Error('the sides disagree');
      },
      dispose,
    };

    // Act
    const measuring = compare(comparison);

    // Assess
    await expect(measuring).rejects.toThrow('the sides disagree');
    expect(dispose).toHaveBeenCalledOnce();
  });
});

describe('runSuites', () => {
  it('goes on after a skipped or crashed benchmark, reporting each apart', async () => {
    // Act
    const outcome = await runSuites([
      {
        name: 'no java',
        comparisons: () => {
          throw new BenchmarkSkippedError('runtime', 'Java not found');
        },
      },
      { name: 'broken', comparisons: () => [paired([[1, 1]], { name: 'crashes', observe: () => Promise.reject(new Error('boom')) })] },
      { name: 'fine', comparisons: () => [sideBySide('works')] },
    ]);

    // Assess
    expect(outcome.results.map((r) => r.name)).toEqual(['works']);
    expect(outcome.skipped.map((s) => s.message)).toEqual(['runtime skipped: Java not found']);
    expect(outcome.failures.map((f) => f.benchmark)).toEqual(['crashes']);
  });
});

describe('results', () => {
  const result: BenchmarkResult = {
    name: 'start',
    subject: 'whole start',
    value: 300,
    unit: 'ms',
    rme: Number.NaN,
    samples: 1,
    baseline: { name: 'engine within it', value: 200, unit: 'ms', rme: 5, samples: 1 },
    ratio: 1.5,
    goal: 'at most 2 times the engine',
    met: true,
  };

  it('writes a JSON array of entries with name, value, unit, baseline, goal and met, a missing margin of error as null', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const file = join(dir, 'results.json');

    try {
      // Act
      await writeResults([result], file);

      // Assess
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([{ ...result, rme: null }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one table row per result, naming both sides', () => {
    const lines = formatTable([result]).split('\n');

    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^start\s+whole start\s+300 ms\s+n\/a\s+engine within it\s+200 ms\s+5\.0%\s+1\.50×\s+at most 2 times the engine\s+yes$/);
  });

  it('prints whether each goal is met, missed, or only reported', () => {
    // Act
    const lines = formatTable([result, { ...result, met: false }, { ...result, goal: 'reported, no goal: a figure', met: null }]).split('\n');

    // Assess
    expect(lines.slice(2).map((line) => line.split(/\s+/).at(-1))).toEqual(['yes', 'NO', 'reported']);
  });
});

describe('stats', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[], Number.NaN],
  ])('the median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('gives percentiles by nearest rank: the 99th of 100 values is the second largest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives the 95 % relative margin of error of the mean with Student t, none for one sample', () => {
    // mean 2, sd 1, n 3: t(2) = 4.303, so 4.303 × 1/√3 / 2 = 124.2 %
    expect(relativeMarginOfError([1, 2, 3])).toBeCloseTo(124.22, 1);
    expect(relativeMarginOfError([5, 5, 5])).toBe(0);
    expect(relativeMarginOfError([1])).toBeNaN();
  });
});
