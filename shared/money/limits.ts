/*
 * The bounds every amount and count of an order holds from the HTTP edge to the last table, chosen so
 * that a value accepted at the edge can be carried by every hop unchanged:
 * - JSON numbers are IEEE 754 doubles in JavaScript (and in EventBridge's and Lambda's JSON), which hold
 *   every integer exactly only up to Number.MAX_SAFE_INTEGER (2^53 − 1, about 9.007e15).
 *   https://tc39.es/ecma262/#sec-number.max_safe_integer
 * - DynamoDB numbers keep 38 significant digits and range from 1E-130 to 9.9999999999999999999999999999999999999E+125.
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 * Amounts are integer minor units (cents), so every bound below is an integer well inside both.
 */

/** Lines of one order: a reservation commits one stock update per line plus the event in one 100-action DynamoDB transaction. */
export const MAX_ORDER_LINES = 99;

/** Units of one SKU on one order line. */
export const MAX_QUANTITY = 10_000;

/** A unit price, in minor units: 10,000,000.00 in a two-decimal currency. */
export const MAX_UNIT_PRICE_MINOR = 1_000_000_000;

/**
 * Any amount (an order's total, a payment), in minor units: 15 digits, below Number.MAX_SAFE_INTEGER.
 * An order total cannot exceed it: MAX_ORDER_LINES × MAX_QUANTITY × MAX_UNIT_PRICE_MINOR = 9.9e14.
 */
export const MAX_AMOUNT_MINOR = 999_999_999_999_999;

/** Units of a product in stock (a CSV import's `stock`). */
export const MAX_STOCK = 1_000_000_000;
