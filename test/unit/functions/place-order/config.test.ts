import { describe, expect, it } from 'vitest';
import { loadPlaceOrderConfig } from '../../../../functions/place-order/config.ts';
import { ConfigError } from '../../../../shared/runtime/index.ts';

describe('place-order config', () => {
  it('defaults to a 30-minute payment window in EUR', () => {
    // Act
    const config = loadPlaceOrderConfig({ EVENT_STORE_TABLE: 'EventStore', PRODUCTS_TABLE: 'Products' });

    // Assess
    expect(config).toEqual({ eventStoreTable: 'EventStore', productsTable: 'Products', paymentWindowMinutes: 30, currency: 'EUR' });
  });

  it('reads the payment window and the currency', () => {
    // Act
    const config = loadPlaceOrderConfig({ EVENT_STORE_TABLE: 'EventStore', PRODUCTS_TABLE: 'Products', PAYMENT_WINDOW_MINUTES: '5', ORDER_CURRENCY: 'USD' });

    // Assess
    expect(config).toEqual({ eventStoreTable: 'EventStore', productsTable: 'Products', paymentWindowMinutes: 5, currency: 'USD' });
  });

  it.each([
    [{}, 'EVENT_STORE_TABLE: required but not set'],
    [{ EVENT_STORE_TABLE: 'EventStore' }, 'PRODUCTS_TABLE: required but not set'],
    [{ EVENT_STORE_TABLE: 'EventStore', PAYMENT_WINDOW_MINUTES: '0' }, 'PAYMENT_WINDOW_MINUTES: expected whole minutes from 1 to 10080, got "0"'],
    [{ EVENT_STORE_TABLE: 'EventStore', PAYMENT_WINDOW_MINUTES: '1.5' }, 'PAYMENT_WINDOW_MINUTES: expected whole minutes'],
    [{ EVENT_STORE_TABLE: 'EventStore', PAYMENT_WINDOW_MINUTES: '1800s' }, 'PAYMENT_WINDOW_MINUTES: expected whole minutes'],
    [{ EVENT_STORE_TABLE: 'EventStore', ORDER_CURRENCY: 'eur' }, 'ORDER_CURRENCY: expected a supported ISO 4217 code'],
    [{ EVENT_STORE_TABLE: 'EventStore', ORDER_CURRENCY: 'XAU' }, 'ORDER_CURRENCY: expected a supported ISO 4217 code'],
  ])('fails at cold start on %j, naming the variable', (env, message) => {
    // Act
    const load = () => loadPlaceOrderConfig(env);

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('names every faulty variable at once', () => {
    // Act
    const load = () => loadPlaceOrderConfig({ PAYMENT_WINDOW_MINUTES: 'soon', ORDER_CURRENCY: 'euro' });

    // Assess
    expect(load).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({ variable: 'EVENT_STORE_TABLE' }),
          expect.objectContaining({ variable: 'PRODUCTS_TABLE' }),
          expect.objectContaining({ variable: 'PAYMENT_WINDOW_MINUTES' }),
          expect.objectContaining({ variable: 'ORDER_CURRENCY' }),
        ],
      }),
    );
  });
});
