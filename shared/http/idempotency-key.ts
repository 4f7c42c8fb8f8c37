import type { ValidationProblem } from '../../shared/events/index.ts';

/** The request header that makes `POST /orders` and `POST /activity` safe to retry (docs/openapi.yaml). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Keys are opaque to us; 255 is the usual bound (e.g. Stripe's), and keeps the derived hash input small. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

// Printable ASCII (space to tilde), not only spaces: what a client can put in a header unencoded.
const PRINTABLE = /^[\x20-\x7E]+$/;

export type IdempotencyKeyResult = { valid: true; key: string | undefined } | { valid: false; problem: ValidationProblem };

/**
 * Checks the optional `Idempotency-Key` header value: absent is fine (every request is a new one);
 * present, it must be 1 to 255 printable ASCII characters, not all blank.
 *
 * @example
 * checkIdempotencyKey('order-2026-03-01-0001'); // { valid: true, key: 'order-2026-03-01-0001' }
 * checkIdempotencyKey('');                      // { valid: false, problem: { path: 'Idempotency-Key', … } }
 */
export function checkIdempotencyKey(value: string | undefined): IdempotencyKeyResult {
  if (value === undefined) return { valid: true, key: undefined };
  const invalid = (message: string): IdempotencyKeyResult => ({ valid: false, problem: { path: IDEMPOTENCY_KEY_HEADER, message } });
  if (value.trim() === '') return invalid('expected 1 to 255 printable characters, got an empty value');
  if (value.length > IDEMPOTENCY_KEY_MAX_LENGTH) return invalid(`expected at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, got ${value.length}`);
  if (!PRINTABLE.test(value)) return invalid('expected printable ASCII characters only');
  return { valid: true, key: value };
}
