import type { RssSample } from '../rss-sampler.ts';
import type { InvariantResult } from './invariant.ts';

/** Growth allowed from the first half of the requests to the end, beyond what more environments explain. */
const ALLOWED_GROWTH = 1.3;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The invariant's name, as the report shows it. */
export const MEMORY_INVARIANT = 'the runtime’s memory stays bounded: peak RSS does not grow with the number of requests';

/**
 * The runtime's memory stays bounded: the peak RSS (runtime process + engines) once every request after the warm-up
 * was sent is at most 30% above the peak by the time half of them were, plus what the environments alive beyond the
 * first half's most cost. Each Lambda environment is a worker thread with its own heap (tens of MiB): while
 * functions scale out, RSS follows the environments, not the requests, and in a short run the second half can
 * start more of them than the first did. What one costs is measured in the same run, over the warm-up (from the
 * first sample to the last before the load), which starts a first environment of most functions with a handful
 * of requests: the load's own requests cannot be mistaken for environments there.
 */
export function memoryInvariant(all: readonly RssSample[], fromRequests = 0): InvariantResult {
  // From the start of the load (after the warm-up): a first environment per function is not growth per request.
  const samples = all.filter((s) => s.requests >= fromRequests);
  const total = samples.at(-1)?.requests ?? 0;
  const firstHalf = samples.filter((s) => s.requests <= fromRequests + (total - fromRequests) / 2);
  const peakHalf = Math.max(...firstHalf.map((s) => s.totalBytes));
  const peak = Math.max(...samples.map((s) => s.totalBytes));
  const environmentsHalf = Math.max(...firstHalf.map((s) => s.environments));
  const environments = Math.max(...samples.map((s) => s.environments));
  const perEnvironment = environmentCost(all, fromRequests);
  const moreEnvironments = Math.max(0, environments - environmentsHalf);
  const allowed = peakHalf * ALLOWED_GROWTH + moreEnvironments * perEnvironment;
  const passed = firstHalf.length > 0 && peak <= allowed;
  return {
    name: MEMORY_INVARIANT,
    passed,
    detail:
      `peak RSS ${mib(peak)} over ${total - fromRequests} requests after the warm-up, at most ${environments} environments alive; ` +
      `${mib(peakHalf)} by half of them with at most ${environmentsHalf} (×${ALLOWED_GROWTH} allowed, plus ${moreEnvironments} more environments at ` +
      `${mib(perEnvironment)} each: at most ${mib(allowed)}); ${samples.length} samples`,
  };
}

/** RSS per environment started over the warm-up: from the first sample to the last one before the load. */
function environmentCost(all: readonly RssSample[], fromRequests: number): number {
  const first = all[0];
  const warm = all.filter((s) => s.requests <= fromRequests).at(-1);
  if (!first || !warm || warm.environments <= first.environments) return 0;
  return Math.max(0, (warm.totalBytes - first.totalBytes) / (warm.environments - first.environments));
}
