import { describe, expect, it } from 'vitest';
import { memoryInvariant } from '../../soak/invariants/memory.ts';
import type { RssSample } from '../../soak/rss-sampler.ts';

const MIB = 2 ** 20;
/** Invocations of the warm-up: the load starts after them. */
const WARM_UP = 10;

interface RunShape {
  /** Environments alive after the warm-up, by invocation. */
  environmentsAt: (invocation: number) => number;
  /** MiB the runtime keeps of every invocation (a leak). */
  perInvocation?: number;
  /** MiB one environment's heap holds, by invocation: a worked environment holds more than a fresh one. */
  heapAt?: (invocation: number) => number;
}

/**
 * Samples of a run, one per invocation (each request makes one): a warm-up that starts 10 environments, then the
 * load. RSS is 200 MiB of runtime and engines, per environment 15 MiB outside its heap and its heap (30 MiB unless
 * `heapAt` says), and `perInvocation` MiB the runtime keeps of every invocation.
 */
function run(invocations: number, { environmentsAt, perInvocation = 0, heapAt = () => 30 }: RunShape): RssSample[] {
  return Array.from({ length: invocations + 1 }, (_, invocation) => {
    const environments = invocation <= WARM_UP ? invocation : environmentsAt(invocation);
    const environmentHeapBytes = environments * heapAt(invocation) * MIB;
    const totalBytes = (200 + 15 * environments + perInvocation * invocation) * MIB + environmentHeapBytes;
    return {
      at: invocation * 1_000,
      requests: invocation,
      invocations: invocation,
      environments,
      processBytes: totalBytes,
      mainHeapBytes: 0,
      environmentHeapBytes,
      childrenBytes: 0,
      totalBytes,
    };
  });
}

describe('the soak’s memory invariant', () => {
  it('passes memory that follows the environments alive, even when the second half starts three times as many', () => {
    // 10 environments through the first half of the load, 30 at the end.
    const samples = run(110, { environmentsAt: (invocation) => (invocation <= 60 ? 10 : 30) });

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(true);
    expect(result.detail).toContain('plus 20 more environments at 15 MiB each outside their heaps');
  });

  it('passes environments whose heaps grow as they work, while more of them start', () => {
    // Each heap grows from 30 to 90 MiB over the load, and the environments go from 10 to 25.
    const samples = run(300, { environmentsAt: (invocation) => (invocation <= 150 ? 10 : 25), heapAt: (invocation) => 30 + invocation / 5 });

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(true);
  });

  it('fails memory that grows with the requests while the environments stay as many', () => {
    const samples = run(300, { environmentsAt: () => 10, perInvocation: 2 });

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(false);
    expect(result.detail).toContain('plus 0 more environments');
  });

  it('fails growth per request on top of what more environments and their heaps hold', () => {
    // The environments grow with the load, their heaps with their work, and every invocation leaves 3 MiB behind besides.
    const samples = run(300, {
      environmentsAt: (invocation) => 10 + Math.floor(invocation / 30),
      perInvocation: 3,
      heapAt: (invocation) => 30 + invocation / 10,
    });

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(false);
  });

  it('judges by the work done, not by the requests sent: memory held while a backlog is worked through passes', () => {
    // Every request is sent by invocation 20; the work (and 10 more environments) follows until invocation 200.
    const samples = run(200, { environmentsAt: (invocation) => (invocation <= 100 ? 10 : 20) }).map((sample) => ({
      ...sample,
      requests: Math.min(sample.invocations, 20),
    }));

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(true);
    expect(result.detail).toContain('over 190 invocations');
  });

  it('takes the warm-up’s environments as what an environment holds outside its heap, not as growth', () => {
    // All the environments start in the warm-up; the load adds none and leaves nothing behind.
    const samples = run(200, { environmentsAt: () => 10 });

    const result = memoryInvariant(samples, WARM_UP);

    expect(result.passed, result.detail).toBe(true);
    expect(result.detail).toContain('peak RSS 650 MiB');
    expect(result.detail).toContain('less the environments’ heaps 350 MiB');
  });
});
