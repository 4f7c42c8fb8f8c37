import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the OS's generator at a time: enough for a few hundred ids. */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

/**
 * `n` cryptographically random bytes, from a pool refilled 4 KiB at a time (as Node's own `randomUUID` does). The
 * runtime makes ids for every invocation and request (trace headers, log streams, request ids): a `randomBytes` call
 * each was about 2 % of the runtime's main thread per order in the flow latency bench.
 */
export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_BYTES) throw new RangeError(`randomBytesPooled draws at most ${POOL_BYTES} bytes, asked for ${n}`);
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  // A copy: the pool's bytes are overwritten by the next refill.
  const bytes = Buffer.from(pool.subarray(used, used + n));
  used += n;
  return bytes;
}
