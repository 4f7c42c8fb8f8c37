import { describe, expect, it } from 'vitest';
import { toProblems } from '../../../shared/events/index.ts';
import { MAX_QUANTITY, MAX_UNIT_PRICE_MINOR } from '../../../shared/money/index.ts';
import { commandHashOf, orderIdFor, placeOrderCommandSchema, totalMinorOf } from '../../../shared/orders/index.ts';

const PlaceOrderCommand = placeOrderCommandSchema('EUR');

const command = {
  customerId: 'customer-1',
  items: [
    { sku: 'SKU-MUG', quantity: 2, unitPrice: 10 },
    { sku: 'SKU-TEA', quantity: 1, unitPrice: 4.5 },
  ],
};

function problemsOf(input: unknown) {
  const parsed = PlaceOrderCommand.safeParse(input);
  return parsed.success ? [] : toProblems(parsed.error);
}

describe('placeOrderCommandSchema', () => {
  it('accepts a customer and lines, with the prices the client saw in minor units', () => {
    // Act
    const parsed = PlaceOrderCommand.parse(command);

    // Assess
    expect(parsed).toEqual({
      customerId: 'customer-1',
      items: [
        { sku: 'SKU-MUG', quantity: 2, seenUnitPriceMinor: 1000 },
        { sku: 'SKU-TEA', quantity: 1, seenUnitPriceMinor: 450 },
      ],
    });
  });

  it('accepts lines without a unit price: the catalog prices them', () => {
    // Act
    const parsed = PlaceOrderCommand.parse({ customerId: 'c-1', items: [{ sku: 'SKU-MUG', quantity: 1 }] });

    // Assess
    expect(parsed.items).toEqual([{ sku: 'SKU-MUG', quantity: 1 }]);
  });

  it.each([
    [0.29, 29],
    [9.95, 995],
    [1.1, 110],
    [0, 0],
    [MAX_UNIT_PRICE_MINOR / 100, MAX_UNIT_PRICE_MINOR],
  ])('converts the unit price %d EUR exactly to %d cents', (unitPrice, minor) => {
    // Act
    const parsed = PlaceOrderCommand.parse({ customerId: 'c-1', items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice }] });

    // Assess
    expect(parsed.items[0]?.seenUnitPriceMinor).toBe(minor);
  });

  it('refuses a SKU on two lines, naming the repeated line and the first one', () => {
    // Prepare
    const input = { ...command, items: [...command.items, { sku: 'SKU-MUG', quantity: 1, unitPrice: 10 }] };

    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toEqual([{ path: 'items[2].sku', message: 'SKU-MUG is already on line 0: one line per SKU' }]);
  });

  const line = (fields: Record<string, unknown>) => ({ ...command, items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: 1, ...fields }] });
  it.each([
    ['no customer', { items: command.items }, 'customerId'],
    ['an empty customer', { ...command, customerId: '' }, 'customerId'],
    ['a customer with U+FFFE, which SQS refuses', { ...command, customerId: 'c\uFFFE1' }, 'customerId'],
    ['a customer with a space', { ...command, customerId: 'Ada Lovelace' }, 'customerId'],
    ['a customer of 129 characters', { ...command, customerId: 'c'.repeat(129) }, 'customerId'],
    ['no lines', { ...command, items: [] }, 'items'],
    ['a SKU with U+FFFE', line({ sku: 'SKU\uFFFE' }), 'items[0].sku'],
    ['a SKU of 65 characters', line({ sku: 'S'.repeat(65) }), 'items[0].sku'],
    ['a zero quantity', line({ quantity: 0 }), 'items[0].quantity'],
    ['a fractional quantity', line({ quantity: 1.5 }), 'items[0].quantity'],
    ['a quantity above the maximum', line({ quantity: MAX_QUANTITY + 1 }), 'items[0].quantity'],
    ['a negative price', line({ unitPrice: -0.01 }), 'items[0].unitPrice'],
    ['a price that is a string', line({ unitPrice: '10' }), 'items[0].unitPrice'],
    ['a price with more decimals than EUR has', line({ unitPrice: 0.001 }), 'items[0].unitPrice'],
    ['a price of 1e200', line({ unitPrice: 1e200 }), 'items[0].unitPrice'],
    ['a price of 1e307', line({ unitPrice: 1e307 }), 'items[0].unitPrice'],
    ['a price a cent above the maximum', line({ unitPrice: MAX_UNIT_PRICE_MINOR / 100 + 0.01 }), 'items[0].unitPrice'],
    ['a line without SKU', { ...command, items: [command.items[0], { quantity: 1, unitPrice: 1 }] }, 'items[1].sku'],
    ['100 lines', { ...command, items: Array.from({ length: 100 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPrice: 1 })) }, 'items'],
  ])('refuses %s, naming the field', (_, input, path) => {
    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems.map((problem) => problem.path)).toEqual([path]);
  });

  it('accepts 99 lines, which keep a reservation inside one 100-action transaction', () => {
    // Prepare
    const items = Array.from({ length: 99 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPrice: 1 }));

    // Act
    const problems = problemsOf({ ...command, items });

    // Assess
    expect(problems).toEqual([]);
  });

  it('reads prices in the decimals of its currency: whole yen only', () => {
    // Act
    const yen = placeOrderCommandSchema('JPY').safeParse({ customerId: 'c-1', items: [{ sku: 'S-1', quantity: 1, unitPrice: 1.5 }] });

    // Assess
    expect(yen.success ? [] : toProblems(yen.error)).toEqual([{ path: 'items[0].unitPrice', message: 'expected at most 0 decimals for JPY, got 1.5' }]);
  });
});

describe('orderIdFor', () => {
  const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('derives the same UUID-shaped id from the same key and customer', () => {
    // Act
    const first = orderIdFor('key-1', 'customer-1');
    const second = orderIdFor('key-1', 'customer-1');

    // Assess
    expect(first).toBe(second);
    expect(first).toMatch(UUID_V8);
  });

  it.each([
    ['another key', 'key-2', 'customer-1'],
    ['another customer', 'key-1', 'customer-2'],
  ])('derives another id for %s', (_, key, customerId) => {
    // Act
    const id = orderIdFor(key, customerId);

    // Assess
    expect(id).not.toBe(orderIdFor('key-1', 'customer-1'));
  });

  it('does not confuse a customer and key pair with a shifted one', () => {
    // Act
    const id = orderIdFor('b\nc', 'a');

    // Assess
    expect(id).not.toBe(orderIdFor('c', 'a\nb'));
  });

  it('gives a new random id to every request without a key', () => {
    // Act
    const ids = new Set(Array.from({ length: 5 }, () => orderIdFor(undefined, 'customer-1')));

    // Assess
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('commandHashOf', () => {
  it('fingerprints equal commands alike', () => {
    // Act
    const hash = commandHashOf(PlaceOrderCommand.parse(structuredClone(command)));

    // Assess
    expect(hash).toBe(commandHashOf(PlaceOrderCommand.parse(command)));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['customer', { ...command, customerId: 'customer-2' }],
    ['quantity', { ...command, items: [{ ...command.items[0]!, quantity: 3 }, command.items[1]!] }],
    ['price seen', { ...command, items: [{ ...command.items[0]!, unitPrice: 9.99 }, command.items[1]!] }],
    ['line order', { ...command, items: [command.items[1]!, command.items[0]!] }],
  ])('fingerprints a command with another %s differently', (_, other) => {
    // Act
    const hash = commandHashOf(PlaceOrderCommand.parse(other));

    // Assess
    expect(hash).not.toBe(commandHashOf(PlaceOrderCommand.parse(command)));
  });
});

describe('totalMinorOf', () => {
  it.each([
    [
      [
        { quantity: 2, unitPriceMinor: 1000 },
        { quantity: 1, unitPriceMinor: 450 },
      ],
      2450,
    ],
    [[{ quantity: 3, unitPriceMinor: 10 }], 30],
    [[{ quantity: 7, unitPriceMinor: 0 }], 0],
    [Array.from({ length: 99 }, () => ({ quantity: MAX_QUANTITY, unitPriceMinor: MAX_UNIT_PRICE_MINOR })), 99 * MAX_QUANTITY * MAX_UNIT_PRICE_MINOR],
  ])('sums %j exactly to %d minor units', (items, total) => {
    // Act
    const sum = totalMinorOf(items);

    // Assess
    expect(sum).toBe(total);
    expect(Number.isSafeInteger(sum)).toBe(true);
  });
});
