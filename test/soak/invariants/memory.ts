import type { RssSample } from '../rss-sampler.ts';
import type { InvariantResult } from './invariant.ts';

/** Growth allowed from the first half of the work to the end, beyond what more environments explain. */
const ALLOWED_GROWTH = 1.3;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The invariant's name, as the report shows it. */
export const MEMORY_INVARIANT = 'the runtime’s memory stays bounded: peak RSS does not grow with the number of requests';

/**
 * RSS less the environments' own V8 heaps: the runtime, the engines, and what each environment holds outside its
 * heap (its thread, Node's own start). An environment's heap is bounded by its function's memory setting (the
 * runtime caps it) and follows the work that environment did; what is left must not follow the requests.
 */
const runtimeBytes = (s: RssSample) => s.totalBytes - s.environmentHeapBytes;

/**
 * The runtime's memory stays bounded: over the whole load, RSS less the environments’ heaps is at most 30% above
 * its peak by the time half of the work was done, plus what the environments alive beyond the first half's most
 * hold outside their heaps. The work is counted in invocations that ended, not in requests sent: the drivers send
 * faster than the runtime works through what they sent, so "half of the requests" comes long before half of the
 * work. Each Lambda environment is a worker thread with its own heap, which grows as it works: in RSS alone, a
 * short run that starts more environments in its second half than in its first looks like growth, and an estimate
 * of what one costs taken before they worked falls short (CI failed at ×1.01 of such an allowance). The heaps are
 * measured (V8's statistics of each worker's isolate) and set apart; what an environment holds besides is measured
 * in the same run over the warm-up (from the first sample to the last before the load), which starts a first
 * environment of most functions with a handful of requests. Memory that grew with the requests in the runtime
 * grows with their invocations, on top of that.
 */
export function memoryInvariant(all: readonly RssSample[], fromInvocations = 0): InvariantResult {
  const figures = memoryFigures(all, fromInvocations);
  const { samples, firstHalf, work, environments, environmentsHalf } = figures;
  const peak = Math.max(...samples.map(runtimeBytes));
  const peakHalf = Math.max(...firstHalf.map(runtimeBytes));
  const perEnvironment = environmentOverhead(all, fromInvocations);
  const moreEnvironments = Math.max(0, environments - environmentsHalf);
  const allowed = peakHalf * ALLOWED_GROWTH + moreEnvironments * perEnvironment;
  const passed = firstHalf.length > 0 && peak <= allowed;
  const heaps = Math.max(...samples.map((s) => s.environmentHeapBytes));
  return {
    name: MEMORY_INVARIANT,
    passed,
    detail:
      `peak RSS ${mib(figures.peak)} over ${work} invocations after the warm-up, at most ${environments} environments alive ` +
      `(their heaps at most ${mib(heaps)}); less the environments’ heaps ${mib(peak)}, ${mib(peakHalf)} by half of the work ` +
      `with at most ${environmentsHalf} (×${ALLOWED_GROWTH} allowed, plus ${moreEnvironments} more environments at ` +
      `${mib(perEnvironment)} each outside their heaps: at most ${mib(allowed)}); ${samples.length} samples`,
  };
}

/** The load's samples (after the warm-up), their peak RSS and live environments, and the same by half of the work. */
export function memoryFigures(all: readonly RssSample[], fromInvocations: number) {
  const samples = all.filter((s) => s.invocations >= fromInvocations);
  const work = (samples.at(-1)?.invocations ?? fromInvocations) - fromInvocations;
  const firstHalf = samples.filter((s) => s.invocations <= fromInvocations + work / 2);
  return {
    samples,
    firstHalf,
    work,
    peak: Math.max(...samples.map((s) => s.totalBytes)),
    peakHalf: Math.max(...firstHalf.map((s) => s.totalBytes)),
    environments: Math.max(...samples.map((s) => s.environments)),
    environmentsHalf: Math.max(...firstHalf.map((s) => s.environments)),
  };
}

/**
 * What an environment holds outside its heap, per environment started over the warm-up: from the first sample to
 * the last one before the load.
 */
function environmentOverhead(all: readonly RssSample[], fromInvocations: number): number {
  const first = all[0];
  const warm = all.filter((s) => s.invocations <= fromInvocations).at(-1);
  if (!first || !warm || warm.environments <= first.environments) return 0;
  return Math.max(0, (runtimeBytes(warm) - runtimeBytes(first)) / (warm.environments - first.environments));
}
