import { describe, expect, it, vi } from 'vitest';
import { ConcurrencyConflictError, withOptimisticConcurrency } from '../../../shared/event-store/index.ts';

const conflict = () => new ConcurrencyConflictError('o-1', 1);

describe('withOptimisticConcurrency', () => {
  it('decides again after losing a race, and returns what the winning attempt returns', async () => {
    // Prepare
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValueOnce(conflict()).mockRejectedValueOnce(conflict()).mockResolvedValue('appended');

    // Act
    const result = await withOptimisticConcurrency(attempt, { baseDelayMs: 0 });

    // Assess
    expect(result).toBe('appended');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('gives up with the conflict after the last attempt', async () => {
    // Prepare
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(conflict());

    // Act
    const run = withOptimisticConcurrency(attempt, { maxAttempts: 3, baseDelayMs: 0 });

    // Assess
    await expect(run).rejects.toThrow(ConcurrencyConflictError);
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('does not retry any other error', async () => {
    // Prepare
    const failure = new Error('AccessDenied');
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(failure);

    // Act
    const run = withOptimisticConcurrency(attempt, { baseDelayMs: 0 });

    // Assess
    await expect(run).rejects.toBe(failure);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
