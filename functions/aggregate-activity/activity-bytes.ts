import { SKU_MAX_LENGTH, USER_ID_MAX_LENGTH } from '../../shared/activity/index.ts';
import { type ActivityFieldOffsets, activityTypeIndex, FIELD } from './scan-activity-json.ts';

/*
 * parseStreamActivityRecord's fast path (shared/activity/stream-record-fast-path.ts) on the bytes of a record
 * scanActivityFields read, making no string: the aggregator counts most records of a batch with no string of their
 * own (the sku and request id it needs are interned: interned-strings.ts). What these checks do not accept goes
 * the string way, to parseStreamActivityRecord and zod, which accept or refuse it and name what is wrong; the unit
 * tests hold each check to the pattern or schema it stands for.
 */

/** ACTIVITY_TYPES' index of page_view: read and checked, never counted. */
export const PAGE_VIEW = 0;

/**
 * The record's type (its index in ACTIVITY_TYPES) when its fields are plainly a valid stream activity record, as
 * StreamActivityRecord accepts it; -1 when not plainly so (then parseStreamActivityRecord decides).
 * The bytes are those scanActivityFields accepted: printable ASCII, a byte a character.
 */
export function plainActivityType(bytes: Uint8Array, offsets: ActivityFieldOffsets): number {
  const typeStart = offsets[2 * FIELD.type] as number;
  if (typeStart < 0) return -1;
  const type = activityTypeIndex(bytes, typeStart, offsets[2 * FIELD.type + 1] as number);
  if (type < 0) return -1;
  const userIdLength = (offsets[2 * FIELD.userId + 1] as number) - (offsets[2 * FIELD.userId] as number);
  if ((offsets[2 * FIELD.userId] as number) < 0 || userIdLength === 0 || userIdLength > USER_ID_MAX_LENGTH) return -1;
  const skuStart = offsets[2 * FIELD.sku] as number;
  // Every counted type needs a sku; a page view may carry one, valid.
  if (skuStart < 0 ? type !== PAGE_VIEW : !isSkuBytes(bytes, skuStart, offsets[2 * FIELD.sku + 1] as number)) return -1;
  const atStart = offsets[2 * FIELD.at] as number;
  if (atStart < 0 || !isTimestampBytes(bytes, atStart, offsets[2 * FIELD.at + 1] as number)) return -1;
  const eventIdStart = offsets[2 * FIELD.eventId] as number;
  if (eventIdStart < 0 || eventIdStart === offsets[2 * FIELD.eventId + 1]) return -1;
  return type;
}

/** IDENTIFIER_PATTERN (shared/events/catalog/common.ts) of 1 to SKU_MAX_LENGTH characters, as the catalog's Sku. */
export function isSkuBytes(bytes: Uint8Array, start: number, end: number): boolean {
  if (end <= start || end - start > SKU_MAX_LENGTH || !isAlphanumeric(bytes[start] as number)) return false;
  for (let i = start + 1; i < end; i++) {
    const byte = bytes[i] as number;
    // . _ : @ / + = -
    if (
      !isAlphanumeric(byte) &&
      byte !== 0x2e &&
      byte !== 0x5f &&
      byte !== 0x3a &&
      byte !== 0x40 &&
      byte !== 0x2f &&
      byte !== 0x2b &&
      byte !== 0x3d &&
      byte !== 0x2d
    ) {
      return false;
    }
  }
  return true;
}

const isAlphanumeric = (byte: number): boolean => (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

/**
 * TIMESTAMP_PATTERN (zod's `z.iso.datetime({ offset: true })`): `YYYY-MM-DDTHH:MM:SS`, a fraction of any number of
 * digits, then `Z` or `±HH:MM`; a real day of the Gregorian calendar (February 29th in leap years only).
 */
export function isTimestampBytes(bytes: Uint8Array, start: number, end: number): boolean {
  // The shortest is `YYYY-MM-DDTHH:MM:SSZ`.
  if (end - start < 20) return false;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  if (year < 0 || bytes[start + 4] !== DASH || bytes[start + 7] !== DASH || day < 1 || day > daysIn(month, year)) return false;
  if (bytes[start + 10] !== 0x54 /* T */ || !isClock(bytes, start + 11) || bytes[start + 16] !== COLON) return false;
  const seconds = digits(bytes, start + 17, 2);
  if (seconds < 0 || seconds > 59) return false;
  let i = start + 19;
  if (bytes[i] === 0x2e /* . */) {
    i += 1;
    const fraction = i;
    while (i < end && isDigit(bytes[i] as number)) i += 1;
    if (i === fraction) return false;
  }
  if (bytes[i] === 0x5a /* Z */) return i + 1 === end;
  return (bytes[i] === 0x2b /* + */ || bytes[i] === DASH) && i + 6 === end && isClock(bytes, i + 1);
}

const DASH = 0x2d;
const COLON = 0x3a;

/** `HH:MM` at `at`, hours 00 to 23 and minutes 00 to 59. */
function isClock(bytes: Uint8Array, at: number): boolean {
  const hours = digits(bytes, at, 2);
  const minutes = digits(bytes, at + 3, 2);
  return hours >= 0 && hours <= 23 && bytes[at + 2] === COLON && minutes >= 0 && minutes <= 59;
}

/** Days in the month (1 to 12) of the year; 0 for no month. Leap years as the pattern has them (year 0 is one). */
function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  if (month === 4 || month === 6 || month === 9 || month === 11) return 30;
  return month >= 1 && month <= 12 ? 31 : 0;
}

const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;

/** The number `count` decimal digits at `at` spell, or -1 when one of them is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const byte = bytes[i] as number;
    if (!isDigit(byte)) return -1;
    value = value * 10 + byte - 0x30;
  }
  return value;
}
