import type { RssSample } from '../rss-sampler.ts';
import type { InvariantResult } from './invariant.ts';

/** Growth allowed from the first half of the requests to the end: a leak per request would double it. */
const ALLOWED_GROWTH = 1.3;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The invariant's name, as the report shows it. */
export const MEMORY_INVARIANT = 'the runtime’s memory stays bounded: peak RSS does not grow with the number of requests';

/**
 * The runtime's memory stays bounded: the peak RSS (runtime process + engines) once every request after the warm-up
 * was sent is at most 30% above the peak by the time half of them were. Memory that grew with the number of requests
 * would double.
 */
export function memoryInvariant(all: readonly RssSample[], fromRequests = 0): InvariantResult {
  // From the start of the load (after the warm-up): a first environment per function is not growth per request.
  const samples = all.filter((s) => s.requests >= fromRequests);
  const total = samples.at(-1)?.requests ?? 0;
  const firstHalf = samples.filter((s) => s.requests <= fromRequests + (total - fromRequests) / 2);
  const peakHalf = Math.max(...firstHalf.map((s) => s.totalBytes));
  const peak = Math.max(...samples.map((s) => s.totalBytes));
  const passed = firstHalf.length > 0 && peak <= peakHalf * ALLOWED_GROWTH;
  return {
    name: MEMORY_INVARIANT,
    passed,
    detail: `peak RSS ${mib(peak)} over ${total - fromRequests} requests after the warm-up; ${mib(peakHalf)} by half of them (at most ×${ALLOWED_GROWTH} allowed); ${samples.length} samples`,
  };
}
