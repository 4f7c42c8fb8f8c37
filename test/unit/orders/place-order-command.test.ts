import { describe, expect, it } from 'vitest';
import { toProblems } from '../../../shared/events/index.ts';
import { commandHashOf, orderIdFor, PlaceOrderCommand, totalOf } from '../../../shared/orders/index.ts';

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

describe('PlaceOrderCommand', () => {
  it('accepts a customer and priced lines', () => {
    // Act
    const parsed = PlaceOrderCommand.parse(command);

    // Assess
    expect(parsed).toEqual(command);
  });

  it('refuses a SKU on two lines, naming the repeated line and the first one', () => {
    // Prepare
    const input = { ...command, items: [...command.items, { sku: 'SKU-MUG', quantity: 1, unitPrice: 10 }] };

    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toEqual([{ path: 'items[2].sku', message: 'SKU-MUG is already on line 0: one line per SKU' }]);
  });

  it.each([
    ['no customer', { items: command.items }, 'customerId'],
    ['an empty customer', { ...command, customerId: '' }, 'customerId'],
    ['no lines', { ...command, items: [] }, 'items'],
    ['a zero quantity', { ...command, items: [{ sku: 'SKU-MUG', quantity: 0, unitPrice: 1 }] }, 'items[0].quantity'],
    ['a fractional quantity', { ...command, items: [{ sku: 'SKU-MUG', quantity: 1.5, unitPrice: 1 }] }, 'items[0].quantity'],
    ['a negative price', { ...command, items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: -0.01 }] }, 'items[0].unitPrice'],
    ['a price that is a string', { ...command, items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: '10' }] }, 'items[0].unitPrice'],
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
    const hash = commandHashOf(structuredClone(command));

    // Assess
    expect(hash).toBe(commandHashOf(command));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['customer', { ...command, customerId: 'customer-2' }],
    ['quantity', { ...command, items: [{ ...command.items[0]!, quantity: 3 }, command.items[1]!] }],
    ['price', { ...command, items: [{ ...command.items[0]!, unitPrice: 9.99 }, command.items[1]!] }],
    ['line order', { ...command, items: [command.items[1]!, command.items[0]!] }],
  ])('fingerprints a command with another %s differently', (_, other) => {
    // Act
    const hash = commandHashOf(other);

    // Assess
    expect(hash).not.toBe(commandHashOf(command));
  });
});

describe('totalOf', () => {
  it.each([
    [[{ quantity: 2, unitPrice: 10 }, { quantity: 1, unitPrice: 4.5 }], 24.5],
    [[{ quantity: 3, unitPrice: 0.1 }], 0.3],
    [[{ quantity: 1, unitPrice: 0.005 }], 0.01],
    [[{ quantity: 7, unitPrice: 0 }], 0],
  ])('sums %j to %d, in cents', (items, total) => {
    // Act
    const sum = totalOf(items);

    // Assess
    expect(sum).toBe(total);
  });
});
