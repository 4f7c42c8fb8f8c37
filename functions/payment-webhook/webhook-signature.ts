import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request header carrying the signature (docs/openapi.yaml, operation receivePaymentWebhook). */
export const WEBHOOK_SIGNATURE_HEADER = 'Webhook-Signature';

/** How far, in seconds, the signed timestamp may be from our clock, either way (docs/openapi.yaml, operation receivePaymentWebhook). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Why a signature was refused. */
export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/**
 * The `Webhook-Signature` header does not prove that the provider sent this body just now. The message
 * says what is wrong and never what the signature should have been.
 */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';

  constructor(
    readonly problem: SignatureProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyOptions {
  /** @default the current time */
  now?: Date;
  /** @default WEBHOOK_TOLERANCE_SECONDS */
  toleranceSeconds?: number;
}

// HMAC-SHA256 is 32 bytes: 64 hex digits, in either case.
const V1_SIGNATURE = /^[0-9a-f]{64}$/i;
// Unix seconds; 12 digits reach year 33658, more is not a timestamp.
const UNIX_SECONDS = /^\d{1,12}$/;

interface ParsedHeader {
  timestamp: string;
  signatures: string[];
}

/**
 * Checks `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` against the
 * raw body bytes as received, before anything reads the body. Several `v1` values may be given (a
 * provider rotating its key signs with both): any one matching is enough. Elements of other schemes
 * (`v0=…`) are ignored. Signatures are compared in constant time.
 *
 * @returns the signed timestamp, in Unix seconds.
 * @throws WebhookSignatureError `missing` (no header), `malformed` (no `t`, a `t` that is not Unix
 *   seconds, no well-formed `v1`), `stale` (`t` more than the tolerance away from now, either way) or
 *   `mismatch` (no `v1` is the body's signature under `secret`).
 * @example
 * verifyWebhookSignature(header(event, WEBHOOK_SIGNATURE_HEADER), rawBodyBytes(event), secret);
 */
export function verifyWebhookSignature(headerValue: string | undefined, rawBody: Uint8Array | string, secret: string, options: VerifyOptions = {}): number {
  if (headerValue === undefined || headerValue.trim() === '') {
    throw new WebhookSignatureError('missing', `The ${WEBHOOK_SIGNATURE_HEADER} header is missing`);
  }
  const { timestamp, signatures } = parseHeader(headerValue);

  const now = (options.now ?? new Date()).getTime();
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const skewSeconds = (now - Number(timestamp) * 1000) / 1000;
  if (Math.abs(skewSeconds) > tolerance) {
    const when = skewSeconds > 0 ? `${Math.round(skewSeconds)} s in the past` : `${Math.round(-skewSeconds)} s in the future`;
    throw new WebhookSignatureError('stale', `The ${WEBHOOK_SIGNATURE_HEADER} timestamp is outside the ${tolerance} s tolerance: ${when}`);
  }

  const expected = signatureOf(secret, timestamp, rawBody);
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  if (!matches) throw new WebhookSignatureError('mismatch', `No v1 signature of the ${WEBHOOK_SIGNATURE_HEADER} header matches the payload`);
  return Number(timestamp);
}

/**
 * The `Webhook-Signature` header value a provider sends for `rawBody` at `timestamp` (Unix seconds):
 * for tests, the local runtime's users and the CLI.
 *
 * @example
 * signWebhookPayload(body, 'eventful-local-webhook-secret'); // 't=1767225600,v1=5f0c…'
 */
export function signWebhookPayload(rawBody: Uint8Array | string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${signatureOf(secret, String(timestamp), rawBody).toString('hex')}`;
}

function signatureOf(secret: string, timestamp: string, rawBody: Uint8Array | string): Buffer {
  if (secret === '') throw new Error('The webhook secret is empty: cannot sign or verify');
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

function parseHeader(value: string): ParsedHeader {
  const malformed = (why: string) => new WebhookSignatureError('malformed', `The ${WEBHOOK_SIGNATURE_HEADER} header is malformed: ${why}`);
  const timestamps: string[] = [];
  const v1: string[] = [];
  for (const element of value.split(',')) {
    const part = element.trim();
    if (part === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) throw malformed('expected comma-separated key=value elements (t=<unix seconds>,v1=<hex>)');
    const key = part.slice(0, equals).trim();
    const item = part.slice(equals + 1).trim();
    if (key === 't') timestamps.push(item);
    else if (key === 'v1') v1.push(item);
  }
  if (timestamps.length === 0) throw malformed('no timestamp (t=<unix seconds>)');
  if (timestamps.length > 1) throw malformed('more than one timestamp (t=)');
  const [timestamp] = timestamps as [string];
  if (!UNIX_SECONDS.test(timestamp)) throw malformed('the timestamp t is not a Unix time in seconds');
  if (v1.length === 0) throw malformed('no v1 signature');
  const signatures = v1.filter((signature) => V1_SIGNATURE.test(signature));
  if (signatures.length === 0) throw malformed('no v1 signature is 64 hexadecimal digits (HMAC-SHA256)');
  return { timestamp, signatures };
}
