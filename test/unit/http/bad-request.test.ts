import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badRequest } from '../../../shared/http/index.ts';

const Order = z.object({ customerId: z.string().min(1), items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1) });

describe('badRequest', () => {
  it('answers 400 naming each invalid field with its path from the body root', () => {
    // Prepare
    const parsed = Order.safeParse({
      customerId: '',
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 0 },
      ],
    });
    if (parsed.success) throw new Error('expected the order to be invalid');
    // Act
    const response = badRequest('The order is invalid', parsed.error);
    // Assess
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body as string) as { message: string; errors: { path: string; message: string }[] };
    expect(body.message).toBe('The order is invalid');
    expect(body.errors.map((e) => e.path)).toEqual(['customerId', 'items[1].quantity']);
    expect(body.errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('takes ready-made problems, and an empty list when there are none', () => {
    // Act
    const withProblems = badRequest('Bad sku', [{ path: 'sku', message: 'too long' }]);
    const without = badRequest('Bad request');
    // Assess
    expect(JSON.parse(withProblems.body as string)).toEqual({ message: 'Bad sku', errors: [{ path: 'sku', message: 'too long' }] });
    expect(JSON.parse(without.body as string)).toEqual({ message: 'Bad request', errors: [] });
  });
});
