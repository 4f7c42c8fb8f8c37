/**
 * Money: integer minor units with their currency inside the system, decimal amounts at its edges
 * (the HTTP API, webhooks, CSV files), converted exactly; and the bounds every amount holds.
 */
export { MINOR_UNIT_DIGITS, minorUnitDigits, SUPPORTED_CURRENCIES } from './currencies.ts';
export { MAX_AMOUNT_MINOR, MAX_ORDER_LINES, MAX_QUANTITY, MAX_STOCK, MAX_UNIT_PRICE_MINOR } from './limits.ts';
export { decimalOf, decimalText, minorUnitsOf, minorUnitsOfStoredDecimal, minorUnitsOfText, type MinorUnitsResult } from './minor-units.ts';
