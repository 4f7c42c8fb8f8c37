/*
 * A scanner for the one JSON shape ingest writes on the activity stream: a flat object of string values with no
 * escapes, in ASCII (`{"type":"product_view","userId":"u-1","sku":"SKU-1","at":"…","eventId":"…"}`, in any key
 * order). It reads the decoded bytes directly: no string of the whole record, no JSON.parse. Anything else
 * (whitespace, another key, an escape, a non-ASCII byte, a number) is not of the shape, and the caller parses the
 * text with JSON.parse as before, so what is accepted and refused, and how, is JSON.parse's.
 *
 * `scanActivityFields` answers where each value lies in the bytes, making no string at all (the window aggregator
 * reads the values it needs from there: activity-bytes.ts); `scanActivityJson` answers the values as strings.
 */

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const BACKSLASH = 0x5c;

/** The keys a stream activity record has, by their bytes; each has a length of its own, which tells them apart. */
const KEYS = ['type', 'userId', 'sku', 'at', 'eventId'] as const;
type Key = (typeof KEYS)[number];
const KEY_BYTES = KEYS.map((key) => Buffer.from(key, 'latin1'));
/** The key of each length, by its index in KEYS (-1: no key is that long). */
const KEY_OF_LENGTH = Int8Array.from({ length: 8 }, (_, length) => KEYS.findIndex((key) => key.length === length));

/** A field's index in `ActivityFieldOffsets`: its value is from `offsets[2 * field]` to `offsets[2 * field + 1]`. */
export const FIELD = { type: 0, userId: 1, sku: 2, at: 3, eventId: 4 } as const satisfies Record<Key, number>;

/** Where each field's value lies in the bytes (its start and end, between the quotes); -1 for a field absent. */
export type ActivityFieldOffsets = Int32Array;

export const activityFieldOffsets = (): ActivityFieldOffsets => new Int32Array(2 * KEYS.length);

/**
 * Buffer's own latin1 slicer, without `toString`'s argument handling around it (a fifth of the decoding): the bytes
 * are checked to be printable ASCII, where latin1 is UTF-8. https://github.com/nodejs/node/blob/main/lib/buffer.js
 */
export const latin1 = (bytes: Buffer, start: number, end: number): string =>
  (bytes as Buffer & { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);

/** Activity types as constant strings: counting by a fresh string's name costs V8 a string-table lookup each time. */
export const ACTIVITY_TYPES = ['page_view', 'product_view', 'add_to_cart', 'checkout'] as const;
const TYPE_BYTES = ACTIVITY_TYPES.map((type) => Buffer.from(type, 'latin1'));

/** The index in ACTIVITY_TYPES of the type the bytes spell, or -1. */
export function activityTypeIndex(bytes: Uint8Array, start: number, end: number): number {
  for (let k = 0; k < TYPE_BYTES.length; k++) if (spells(TYPE_BYTES[k] as Buffer, bytes, start, end)) return k;
  return -1;
}

/**
 * Fills `offsets` with where the record's values lie, when the bytes are of the plain shape; false when they are
 * not (then JSON.parse decides). A key given twice counts with its last value, as in JSON.parse.
 */
export function scanActivityFields(bytes: Uint8Array, length: number, offsets: ActivityFieldOffsets): boolean {
  offsets.fill(-1);
  if (length < 2 || bytes[0] !== OPEN || bytes[length - 1] !== CLOSE) return false;
  if (length === 2) return true;
  let i = 1;
  for (;;) {
    // "key"
    if (bytes[i] !== QUOTE) return false;
    const keyStart = i + 1;
    const keyEnd = stringEnd(bytes, keyStart, length);
    if (keyEnd < 0) return false;
    const key = keyLength(keyEnd - keyStart);
    if (key < 0 || !spells(KEY_BYTES[key] as Buffer, bytes, keyStart, keyEnd) || bytes[keyEnd + 1] !== COLON || bytes[keyEnd + 2] !== QUOTE) return false;
    // "value"
    const valueStart = keyEnd + 3;
    const valueEnd = stringEnd(bytes, valueStart, length);
    if (valueEnd < 0) return false;
    offsets[2 * key] = valueStart;
    offsets[2 * key + 1] = valueEnd;
    i = valueEnd + 1;
    if (i === length - 1) return true;
    if (bytes[i] !== COMMA) return false;
    i += 1;
  }
}

/** The record's fields as strings, or undefined when the bytes are not of the plain shape (then JSON.parse decides). */
export function scanActivityJson(bytes: Buffer, length: number): Partial<Record<Key, string>> | undefined {
  const offsets = activityFieldOffsets();
  if (!scanActivityFields(bytes, length, offsets)) return undefined;
  const fields: Partial<Record<Key, string>> = {};
  for (let k = 0; k < KEYS.length; k++) {
    const start = offsets[2 * k] as number;
    const end = offsets[2 * k + 1] as number;
    if (start < 0) continue;
    const type = k === FIELD.type ? activityTypeIndex(bytes, start, end) : -1;
    fields[KEYS[k] as Key] = type >= 0 ? ACTIVITY_TYPES[type] : latin1(bytes, start, end);
  }
  return fields;
}

/** The index of the closing quote of a string starting at `start`, or -1 when it has an escape, a control or non-ASCII byte. */
function stringEnd(bytes: Uint8Array, start: number, length: number): number {
  for (let i = start; i < length; i++) {
    const byte = bytes[i] as number;
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH || byte < 0x20 || byte > 0x7e) return -1;
  }
  return -1;
}

const keyLength = (length: number): number => (length < KEY_OF_LENGTH.length ? (KEY_OF_LENGTH[length] as number) : -1);

/** Whether the bytes from `start` to `end` spell `word`. */
function spells(word: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== word.length) return false;
  for (let j = 0; j < word.length; j++) if (bytes[start + j] !== word[j]) return false;
  return true;
}
