import { SUPPORTED_CURRENCIES, minorUnitDigits } from '../../shared/money/index.ts';
import { loadConfig, type ConfigProblem } from '../../shared/runtime/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';

export interface PlaceOrderConfig {
  /** `EVENT_STORE_TABLE`: OrderPlaced is appended to it. */
  eventStoreTable: string;
  /** `PRODUCTS_TABLE`: the catalog each line is priced from. */
  productsTable: string;
  /** `PAYMENT_WINDOW_MINUTES` (default 30): an order unpaid this long after it was placed expires. */
  paymentWindowMinutes: number;
  /** `ORDER_CURRENCY` (default EUR): the currency orders are priced and paid in, one of SUPPORTED_CURRENCIES. */
  currency: string;
}

/** A week: longer than any payment window we mean, short enough to catch a value given in seconds. */
const MAX_PAYMENT_WINDOW_MINUTES = 7 * 24 * 60;

/**
 * Read once at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadPlaceOrderConfig(env: Record<string, string | undefined> = process.env): PlaceOrderConfig {
  const problems: ConfigProblem[] = [];
  const window = env[ENV.paymentWindowMinutes] || '30';
  const paymentWindowMinutes = /^\d+$/.test(window) ? Number(window) : Number.NaN;
  if (!(paymentWindowMinutes >= 1 && paymentWindowMinutes <= MAX_PAYMENT_WINDOW_MINUTES)) {
    problems.push({
      variable: ENV.paymentWindowMinutes,
      message: `expected whole minutes from 1 to ${MAX_PAYMENT_WINDOW_MINUTES}, got ${JSON.stringify(window)}`,
    });
  }

  const currency = env[ENV.orderCurrency] || 'EUR';
  if (minorUnitDigits(currency) === undefined) {
    problems.push({
      variable: ENV.orderCurrency,
      message: `expected a supported ISO 4217 code (${SUPPORTED_CURRENCIES.join(', ')}), got ${JSON.stringify(currency)}`,
    });
  }

  const { eventStoreTable, productsTable } = loadConfig({ required: ['eventStoreTable', 'productsTable'], env, alsoFailing: problems });
  return { eventStoreTable, productsTable, paymentWindowMinutes, currency };
}
