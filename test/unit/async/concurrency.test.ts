import { describe, expect, it } from 'vitest';
import { slices } from '../../../functions/import-products/slices.ts';
import { forEachConcurrently, mapConcurrently } from '../../../shared/async/concurrency.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('forEachConcurrently', () => {
  it('runs every item with at most `limit` calls in flight', async () => {
    // Prepare
    const done: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    // Act
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await tick();
      inFlight--;
      done.push(n);
    });
    // Assess
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(maxInFlight).toBe(3);
  });

  it('starts nothing after a failure and throws once the calls in flight have settled', async () => {
    // Prepare
    const started: number[] = [];
    let settled = 0;
    // Act
    const error = await forEachConcurrently([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick();
      settled++;
      if (n === 1) throw new Error('boom 1');
    }).catch((e: unknown) => e);
    // Assess
    expect((error as Error).message).toBe('boom 1');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });

  it('refuses a limit below 1', async () => {
    // Act, Assess
    await expect(forEachConcurrently([1], 0, async () => {})).rejects.toThrow('limit must be a positive integer, got 0');
  });
});

describe('mapConcurrently', () => {
  it('settles every input in input order, failures included, with at most `limit` calls in flight', async () => {
    // Prepare
    let inFlight = 0;
    let maxInFlight = 0;
    // Act
    const outcomes = await mapConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await tick();
      inFlight--;
      if (n === 2) throw new Error('boom 2');
      return n * 10;
    });
    // Assess
    expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([10, 'boom 2', 30, 40, 50]);
    expect(maxInFlight).toBe(2);
  });

  it('refuses a limit below 1', async () => {
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toThrow('limit must be a positive integer, got 0');
  });
});

describe('slices', () => {
  it('cuts items into consecutive slices of at most `size`', () => {
    // Act, Assess
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
