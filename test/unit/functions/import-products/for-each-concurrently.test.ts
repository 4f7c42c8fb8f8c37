import { describe, expect, it } from 'vitest';
import { forEachConcurrently, slices } from '../../../../functions/import-products/for-each-concurrently.ts';

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

describe('slices', () => {
  it('cuts items into consecutive slices of at most `size`', () => {
    // Act, Assess
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
