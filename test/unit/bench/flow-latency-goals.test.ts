import { describe, expect, it } from 'vitest';
import { compare } from '../../../bench/compare.ts';
import { FLOW_LATENCY_GOALS } from '../../../bench/suites/flow-latency.ts';
import type { Goal } from '../../../bench/goals.ts';

const measured = (goal: Goal, value: number, unit = 'ms') =>
  compare({
    name: 'orders flow latency',
    ...goal,
    report: async () => ({
      subject: { name: 'end to end', value, unit, rme: 5, samples: 100 },
      baseline: { name: 'invocations', value: value / 2, unit, rme: 5, samples: 100 },
    }),
  });

describe('the orders flow latency goals (issue 9, goal 3)', () => {
  it('judge the idle p50 against 150 ms and the idle p99 against 400 ms, instead of only reporting them', async () => {
    const results = await Promise.all([
      measured(FLOW_LATENCY_GOALS.idleP50, 150),
      measured(FLOW_LATENCY_GOALS.idleP50, 151),
      measured(FLOW_LATENCY_GOALS.idleP99, 400),
      measured(FLOW_LATENCY_GOALS.idleP99, 401),
    ]);

    expect(results.map((result) => [result.goal, result.met])).toEqual([
      ['p50 ≤ 150 ms', true],
      ['p50 ≤ 150 ms', false],
      ['p99 ≤ 400 ms', true],
      ['p99 ≤ 400 ms', false],
    ]);
  });

  it('do not count a figure in another unit as meeting a goal in milliseconds', async () => {
    const result = await measured(FLOW_LATENCY_GOALS.idleP50, 0.1, 's');

    expect(result.met).toBe(false);
  });

  it('only report the figures under load, saying why they are measured', async () => {
    const results = await Promise.all([measured(FLOW_LATENCY_GOALS.loadRate, 5, 'orders/s'), measured(FLOW_LATENCY_GOALS.loadLatency, 900)]);

    for (const result of results) {
      expect(result.met).toBeNull();
      expect(result.goal).toMatch(/^reported, no goal: /);
    }
  });
});
