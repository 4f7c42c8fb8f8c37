/**
 * Decimal places of each currency's minor unit (ISO 4217 "minor unit" column), for the currencies the
 * system prices and takes payments in. A currency not listed here is refused, not guessed: the number
 * of decimals decides what an amount means.
 * https://www.six-group.com/en/products-services/financial-information/data-standards.html#scrollTo=currency-codes
 */
export const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  INR: 2,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  USD: 2,
  ZAR: 2,
  ISK: 0,
  JPY: 0,
  KRW: 0,
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
};

/** The ISO 4217 codes of MINOR_UNIT_DIGITS. */
export const SUPPORTED_CURRENCIES = Object.keys(MINOR_UNIT_DIGITS).sort() as [string, ...string[]];

/** Decimal places of `currency`'s minor unit, `undefined` for a currency we do not support. */
export function minorUnitDigits(currency: string): number | undefined {
  return Object.hasOwn(MINOR_UNIT_DIGITS, currency) ? MINOR_UNIT_DIGITS[currency] : undefined;
}
