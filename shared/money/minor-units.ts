import { minorUnitDigits } from './currencies.ts';

/** A conversion to minor units, or why the amount cannot be one. */
export type MinorUnitsResult = { ok: true; minor: number } | { ok: false; message: string };

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/**
 * The integer minor units of a decimal amount received as a JSON number (`24.9` EUR → 2490), exactly:
 * the amount must be ≥ 0, at most `maxMinor` minor units, and have no more decimals than `currency`'s
 * minor unit. A JSON number is a double; the conversion is exact because `minor / 10^digits` is the
 * double nearest to the decimal the client wrote, and it is required to equal the amount received.
 *
 * @example
 * minorUnitsOf(24.9, 'EUR', 1_000_000_000);  // { ok: true, minor: 2490 }
 * minorUnitsOf(0.105, 'EUR', 1_000_000_000); // { ok: false, message: 'expected at most 2 decimals for EUR, got 0.105' }
 */
export function minorUnitsOf(amount: number, currency: string, maxMinor: number): MinorUnitsResult {
  const digits = minorUnitDigits(currency);
  if (digits === undefined) return { ok: false, message: `${currency} is not a supported currency` };
  if (!Number.isFinite(amount) || amount < 0) return { ok: false, message: `expected an amount ≥ 0, got ${amount}` };
  const scale = 10 ** digits;
  if (amount > maxMinor / scale) return { ok: false, message: `expected at most ${decimalText(maxMinor, digits)} ${currency}, got ${amount}` };
  const minor = Math.round(amount * scale);
  if (minor / scale !== amount) return { ok: false, message: `expected at most ${digits} decimals for ${currency}, got ${amount}` };
  return { ok: true, minor };
}

/**
 * The integer minor units of a decimal amount written as text (a CSV field: `24.90` EUR → 2490), read
 * digit by digit, so any length of text is judged exactly: plain decimal notation only (no sign,
 * exponent or thousands separator), no more decimals than `currency` has, at most `maxMinor`.
 */
export function minorUnitsOfText(text: string, currency: string, maxMinor: number): MinorUnitsResult {
  const digits = minorUnitDigits(currency);
  if (digits === undefined) return { ok: false, message: `${currency} is not a supported currency` };
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return { ok: false, message: `expected a number ≥ 0 in decimal notation (e.g. 12.50)` };
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return { ok: false, message: `expected at most ${digits} decimals for ${currency}` };
  const minorText = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const max = String(maxMinor);
  if (minorText.length > max.length || (minorText.length === max.length && minorText > max)) {
    return { ok: false, message: `expected at most ${decimalText(maxMinor, digits)} ${currency}` };
  }
  return { ok: true, minor: Number(minorText) };
}

/**
 * The decimal amount of `minor` minor units of `currency`, as the HTTP API and webhooks carry it
 * (2490 EUR → 24.9): the double nearest to the exact decimal, which JSON writes as that decimal.
 *
 * @throws RangeError for a currency we do not support or minor units that are not a safe integer.
 */
export function decimalOf(minor: number, currency: string): number {
  const digits = minorUnitDigits(currency);
  if (digits === undefined) throw new RangeError(`${currency} is not a supported currency`);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`expected integer minor units, got ${minor}`);
  return minor / 10 ** digits;
}

/** `minor` as decimal text with all of the currency's decimals (`2490` → `24.90`), for messages. */
export function decimalText(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * Minor units of an amount stored as a decimal by an older schema version, which place-order and the
 * webhook had already rounded to the currency's decimals (an upcaster's conversion, not an edge's check).
 */
export function minorUnitsOfStoredDecimal(amount: number, currency: string): number {
  return Math.round(amount * 10 ** (minorUnitDigits(currency) ?? 2));
}
