import { describe, expect, it } from 'vitest';
import { memoryInvariant } from '../../soak/invariants/memory.ts';
import type { RssSample } from '../../soak/rss-sampler.ts';

const MIB = 2 ** 20;
/** Requests of the warm-up: the load starts after them. */
const WARM_UP = 10;

/**
 * Samples of a run, one per request: a warm-up that starts 10 environments, then the load. RSS is 200 MiB of
 * runtime and engines, 45 MiB an environment, and `perRequest` MiB left behind by every request.
 */
function run(requests: number, environmentsAt: (request: number) => number, perRequest = 0): RssSample[] {
  return Array.from({ length: requests + 1 }, (_, request) => {
    const environments = request <= WARM_UP ? request : environmentsAt(request);
    const totalBytes = (200 + 45 * environments + perRequest * request) * MIB;
    return { at: request * 1_000, requests: request, environments, processBytes: totalBytes, childrenBytes: 0, totalBytes };
  });
}

describe('the soak’s memory invariant', () => {
  it('passes memory that follows the environments alive, even when the second half starts three times as many', () => {
    // 10 environments through the first half of the load, 30 at the end.
    const samples = run(110, (request) => (request <= 60 ? 10 : 30));

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(true);
    expect(result.detail).toContain('plus 20 more environments at 45 MiB each');
  });

  it('fails memory that grows with the requests while the environments stay as many', () => {
    const samples = run(300, () => 10, 2);

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(false);
    expect(result.detail).toContain('plus 0 more environments');
  });

  it('fails growth per request on top of what more environments cost', () => {
    // The environments grow with the load, and every request leaves 3 MiB behind besides.
    const samples = run(300, (request) => 10 + Math.floor(request / 30), 3);

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(false);
  });

  it('takes the warm-up’s environments as what an environment costs, not as growth', () => {
    // All the environments start in the warm-up; the load adds none and leaves nothing behind.
    const samples = run(200, () => 10);

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(true);
    expect(result.detail).toContain('peak RSS 650 MiB');
  });
});
