import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../shared/async/backoff.ts';
import { retryFailedItems, type ItemOutcome } from '../../../shared/publishing/retry.ts';
import { instantRetry } from './fixtures.ts';

const ok = (value: string): ItemOutcome<string> => ({ ok: true, value });
const ko = (errorCode: string): ItemOutcome<string> => ({ ok: false, errorCode, errorMessage: `${errorCode}!` });
const retryable = (code: string) => code === 'Throttled';

describe('backoffDelay', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [9, 1000],
  ])('draws retry %i uniformly below a ceiling of %i ms (base 100, doubled per retry, capped at 1000)', (retry, ceiling) => {
    expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(0);
    expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 })).toBe(ceiling / 2);
    expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 })).toBe(ceiling - 1);
  });

  it('uses Math.random and 100 ms / 2 s by default', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(10));
    expect(Math.max(...delays)).toBeLessThan(2000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});

describe('retryFailedItems', () => {
  it('re-sends only the items that failed with a retryable code, until they succeed', async () => {
    // Prepare
    const answers = [[ok('a'), ko('Throttled'), ok('c'), ko('Throttled')], [ko('Throttled'), ok('d')], [ok('b')]];
    const sent: string[][] = [];
    const retry = instantRetry([0.5]);

    // Act
    const report = await retryFailedItems(
      ['a', 'b', 'c', 'd'],
      async (items) => {
        sent.push([...items]);
        return answers[sent.length - 1] ?? [];
      },
      retryable,
      { ...retry, baseDelayMs: 100 },
    );

    // Assess
    expect(sent).toEqual([['a', 'b', 'c', 'd'], ['b', 'd'], ['b']]);
    expect(report.succeeded.map((s) => s.item).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(report.failed).toEqual([]);
    expect(retry.delays).toEqual([50, 100]);
  });

  it('surfaces a non-retryable failure at once, without another call', async () => {
    let calls = 0;
    const report = await retryFailedItems(
      ['a'],
      async () => {
        calls++;
        return [ko('AccessDenied')];
      },
      retryable,
      instantRetry(),
    );

    expect(calls).toBe(1);
    expect(report.failed).toEqual([{ item: 'a', errorCode: 'AccessDenied', errorMessage: 'AccessDenied!' }]);
  });

  it('gives up after maxAttempts calls and surfaces the last error', async () => {
    let calls = 0;
    const report = await retryFailedItems(
      ['a'],
      async () => {
        calls++;
        return [ko('Throttled')];
      },
      retryable,
      { ...instantRetry(), maxAttempts: 3 },
    );

    expect(calls).toBe(3);
    expect(report.failed).toEqual([{ item: 'a', errorCode: 'Throttled', errorMessage: 'Throttled!' }]);
  });

  it('fails every item of a call that throws with the error name, and retries it when that name is retryable', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Slow down'), { name: 'Throttled' });
    let calls = 0;
    const send = async (items: readonly string[]) => {
      if (++calls === 1) throw throttled;
      return items.map(ok);
    };

    // Act
    const report = await retryFailedItems(['a', 'b'], send, retryable, instantRetry());

    // Assess
    expect(calls).toBe(2);
    expect(report.succeeded.map((s) => s.item)).toEqual(['a', 'b']);
  });

  it('fails every item of a call that throws a non-retryable error, keeping its message', async () => {
    const report = await retryFailedItems(['a', 'b'], async () => Promise.reject(new TypeError('fetch failed')), retryable, instantRetry());

    expect(report.failed).toEqual([
      { item: 'a', errorCode: 'TypeError', errorMessage: 'fetch failed' },
      { item: 'b', errorCode: 'TypeError', errorMessage: 'fetch failed' },
    ]);
  });

  it('fails, rather than forgets, an item the response has no result for', async () => {
    const report = await retryFailedItems(['a', 'b'], async () => [ok('a')], retryable, instantRetry());

    expect(report.succeeded).toEqual([{ item: 'a', value: 'a' }]);
    expect(report.failed).toEqual([{ item: 'b', errorCode: 'MissingResultEntry', errorMessage: 'The response has 1 result entries for 2 request entries' }]);
  });

  it.each([0, 1.5, -1])('refuses maxAttempts %s', async (maxAttempts) => {
    await expect(retryFailedItems(['a'], async () => [ok('a')], retryable, { maxAttempts })).rejects.toThrow(RangeError);
  });
});
