import * as z from '../../validation/zod.ts';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY, MAX_UNIT_PRICE_MINOR, SUPPORTED_CURRENCIES } from '../../money/index.ts';

/**
 * The characters of every identifier the system stores and passes on (customer ids, SKUs, order,
 * payment and delivery ids): ASCII letters and digits, and `- _ . : @ / + =`, starting with a letter or
 * a digit. Every hop carries them unchanged: SQS refuses a message with a character outside its
 * allowed set (e.g. U+FFFE) https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html,
 * DynamoDB keys, S3 keys and URLs need no escaping of them beyond `/`, and logs show them as sent.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]*$/;
// The same, also matching '' so that an empty value is reported once, by min(1).
const IDENTIFIER_OR_EMPTY = /^(?:[A-Za-z0-9][A-Za-z0-9._:@/+=-]*)?$/;
const IDENTIFIER_MESSAGE = 'expected letters, digits and - _ . : @ / + = only, starting with a letter or digit';

/** An identifier of 1 to `maxLength` characters of IDENTIFIER_PATTERN. */
export function identifier(maxLength: number) {
  return z.string().check(z.minLength(1), z.maxLength(maxLength), z.regex(IDENTIFIER_OR_EMPTY, IDENTIFIER_MESSAGE));
}

/**
 * Free text (a product name): the characters an SQS message may hold, minus the control characters
 * (tab and line breaks excepted). https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
// Astral characters as surrogate pairs, without the `u` flag: the same pattern then means the same in the
// JSON Schemas registered from the catalog (ECMA-262 without flags).
export const TEXT_PATTERN = /^(?:[\t\n\r\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

export const Sku = identifier(64);
export const OrderId = identifier(64);
export const CustomerId = identifier(128);
export const PaymentId = identifier(255);
export const Currency = z.enum(SUPPORTED_CURRENCIES, { error: `expected a supported ISO 4217 code such as "EUR" (${SUPPORTED_CURRENCIES.join(', ')})` });
/** An amount in integer minor units of its currency (cents for EUR), at most MAX_AMOUNT_MINOR. */
export const MinorUnits = z.number().check(z.int(), z.nonnegative(), z.lte(MAX_AMOUNT_MINOR));
/** A unit price in integer minor units, at most MAX_UNIT_PRICE_MINOR. */
export const UnitPriceMinor = z.number().check(z.int(), z.nonnegative(), z.lte(MAX_UNIT_PRICE_MINOR));
export const Quantity = z.number().check(z.int(), z.positive(), z.lte(MAX_QUANTITY));
export const Timestamp = z.iso.datetime({ offset: true });

/** One priced line of an order: the catalog's unit price when the order was placed, in minor units. */
export const OrderLine = z.object({
  sku: Sku,
  quantity: Quantity,
  unitPriceMinor: UnitPriceMinor,
});
