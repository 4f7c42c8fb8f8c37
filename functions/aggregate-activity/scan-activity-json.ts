/*
 * A scanner for the one JSON shape ingest writes on the activity stream: a flat object of string values with no
 * escapes, in ASCII (`{"type":"product_view","userId":"u-1","sku":"SKU-1","at":"…","eventId":"…"}`, in any key
 * order). It reads the decoded bytes directly: no string of the whole record, no JSON.parse, only the five values
 * as strings. Anything else (whitespace, another key, an escape, a non-ASCII byte, a number) answers undefined,
 * and the caller parses the text with JSON.parse as before, so what is accepted and refused, and how, is JSON.parse's.
 */

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const BACKSLASH = 0x5c;

/** The keys a stream activity record has, by their bytes. */
const KEYS = ['type', 'userId', 'sku', 'at', 'eventId'] as const;
type Key = (typeof KEYS)[number];
const KEY_BYTES = KEYS.map((key) => Buffer.from(key, 'latin1'));

/**
 * Buffer's own latin1 slicer, without `toString`'s argument handling around it (a fifth of the decoding): the bytes
 * are checked to be printable ASCII, where latin1 is UTF-8. https://github.com/nodejs/node/blob/main/lib/buffer.js
 */
const slice = (bytes: Buffer, start: number, end: number): string =>
  (bytes as Buffer & { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);

/** Activity types as constant strings: counting by a fresh string's name costs V8 a string-table lookup each time. */
const TYPES = ['page_view', 'product_view', 'add_to_cart', 'checkout'];
const TYPE_BYTES = TYPES.map((type) => Buffer.from(type, 'latin1'));

function knownType(bytes: Buffer, start: number, end: number): string | undefined {
  const index = indexOfBytes(TYPE_BYTES, bytes, start, end);
  return index < 0 ? undefined : TYPES[index];
}

/** The record's fields, or undefined when the bytes are not of the plain shape (then JSON.parse decides). */
export function scanActivityJson(bytes: Buffer, length: number): Partial<Record<Key, string>> | undefined {
  if (length < 2 || bytes[0] !== OPEN || bytes[length - 1] !== CLOSE) return undefined;
  const fields: Partial<Record<Key, string>> = {};
  let i = 1;
  if (length === 2) return fields;
  for (;;) {
    // "key"
    if (bytes[i] !== QUOTE) return undefined;
    const keyStart = i + 1;
    const keyEnd = stringEnd(bytes, keyStart, length);
    if (keyEnd < 0) return undefined;
    const key = keyOf(bytes, keyStart, keyEnd);
    if (key === undefined || bytes[keyEnd + 1] !== COLON || bytes[keyEnd + 2] !== QUOTE) return undefined;
    // "value"
    const valueStart = keyEnd + 3;
    const valueEnd = stringEnd(bytes, valueStart, length);
    if (valueEnd < 0) return undefined;
    fields[key] = key === 'type' ? (knownType(bytes, valueStart, valueEnd) ?? slice(bytes, valueStart, valueEnd)) : slice(bytes, valueStart, valueEnd);
    i = valueEnd + 1;
    if (i === length - 1) return fields;
    if (bytes[i] !== COMMA) return undefined;
    i += 1;
  }
}

/** The index of the closing quote of a string starting at `start`, or -1 when it has an escape, a control or non-ASCII byte. */
function stringEnd(bytes: Buffer, start: number, length: number): number {
  for (let i = start; i < length; i++) {
    const byte = bytes[i] as number;
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH || byte < 0x20 || byte > 0x7e) return -1;
  }
  return -1;
}

function keyOf(bytes: Buffer, start: number, end: number): Key | undefined {
  const index = indexOfBytes(KEY_BYTES, bytes, start, end);
  return index < 0 ? undefined : KEYS[index];
}

/** Which of `candidates` the bytes from `start` to `end` spell, or -1. */
function indexOfBytes(candidates: readonly Buffer[], bytes: Buffer, start: number, end: number): number {
  const length = end - start;
  for (let k = 0; k < candidates.length; k++) {
    const candidate = candidates[k] as Buffer;
    if (candidate.length !== length) continue;
    let same = true;
    for (let j = 0; j < length; j++) {
      if (bytes[start + j] !== candidate[j]) {
        same = false;
        break;
      }
    }
    if (same) return k;
  }
  return -1;
}
