import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEvent, OrderPaid, type CatalogEvent } from '../../../shared/events/index.ts';
import { ConfigError, createHandler, DEFAULT_IDEMPOTENCY_TTL_SECONDS, idempotent, sqsBatchHandler } from '../../../shared/runtime/index.ts';
import { eventBridgeEvent, fakeIdempotencyTable, lambdaContext, sqsEvent, sqsRecord, type FakeIdempotencyTable } from '../../kit/index.ts';

type Paid = CatalogEvent<typeof OrderPaid>;
const data = { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' };
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const paid = (idempotencyKey: string, overrides: Partial<typeof data> = {}): Paid =>
  json(createEvent(OrderPaid, { ...data, ...overrides }, { idempotencyKey }));
const context = () => ({ received: undefined, lambdaContext: lambdaContext() });

let table: FakeIdempotencyTable;
beforeEach(() => {
  table = fakeIdempotencyTable();
});
afterEach(() => {
  table.restore();
  vi.unstubAllEnvs();
});

describe('idempotent', () => {
  it('does not run the function again for a second event with the same idempotency key, returning the stored result', async () => {
    // Prepare
    const fn = vi.fn(async (event: Paid) => ({ recorded: event.detail.data.paymentId }));
    const recordPayment = idempotent(fn, { tableName: 'idempotency' });

    // Act
    const first = await recordPayment(paid('op-1'), context());
    const second = await recordPayment(paid('op-1'), context());

    // Assess
    expect(fn).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
    expect(table.items.size).toBe(1);
  });

  it('keys on the operation, not the event: a new event id with the same key is a duplicate', async () => {
    // Prepare
    const fn = vi.fn(async () => 'done');
    const recordPayment = idempotent(fn, { tableName: 'idempotency' });
    const [a, b] = [paid('op-1'), paid('op-1')];

    // Act
    await recordPayment(a, context());
    await recordPayment(b, context());

    // Assess
    expect(a.detail.metadata.eventId).not.toBe(b.detail.metadata.eventId);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs the function for each distinct key', async () => {
    const fn = vi.fn(async () => 'done');
    const recordPayment = idempotent(fn, { tableName: 'idempotency' });

    await recordPayment(paid('op-1'), context());
    await recordPayment(paid('op-2'), context());

    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('forgets a failed attempt, so the retry runs the function again', async () => {
    // Prepare
    const fn = vi.fn().mockRejectedValueOnce(new Error('ledger down')).mockResolvedValueOnce('done');
    const recordPayment = idempotent(fn, { tableName: 'idempotency' });

    // Act
    await expect(recordPayment(paid('op-1'), context())).rejects.toThrow('ledger down');
    const retried = await recordPayment(paid('op-1'), context());

    // Assess
    expect(retried).toBe('done');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('refuses a known key carrying different data instead of returning a stale result', async () => {
    // Prepare
    const recordPayment = idempotent(async () => 'done', { tableName: 'idempotency' });
    await recordPayment(paid('op-1'), context());

    // Act
    const attempt = recordPayment(paid('op-1', { amountMinor: 99 }), context());

    // Assess
    await expect(attempt).rejects.toThrow(IdempotencyValidationError);
  });

  it('fails a duplicate that arrives while the first is still running, for it to be retried later', async () => {
    // Prepare
    let finish: (value: string) => void = () => undefined;
    const fn = vi.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const recordPayment = idempotent(fn, { tableName: 'idempotency' });
    const first = recordPayment(paid('op-1'), context());
    await vi.waitFor(() => expect(fn).toHaveBeenCalled());

    // Act
    const duplicate = recordPayment(paid('op-1'), context());

    // Assess
    await expect(duplicate).rejects.toThrow(IdempotencyAlreadyInProgressError);
    finish('done');
    await expect(first).resolves.toBe('done');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('remembers a completed operation for 24 hours by default', async () => {
    // Prepare
    const recordPayment = idempotent(async () => 'done', { tableName: 'idempotency' });
    const now = Math.floor(Date.now() / 1000);

    // Act
    await recordPayment(paid('op-1'), context());

    // Assess
    const [item] = [...table.items.values()];
    expect(item?.status?.S).toBe('COMPLETED');
    expect(Number(item?.expiration?.N) - now).toBeGreaterThanOrEqual(DEFAULT_IDEMPOTENCY_TTL_SECONDS - 1);
    expect(Number(item?.expiration?.N) - now).toBeLessThanOrEqual(DEFAULT_IDEMPOTENCY_TTL_SECONDS + 1);
  });

  it('processes a message delivered twice in one SQS batch once, both reported successful', async () => {
    // Prepare
    const fn = vi.fn(async () => 'done');
    const handler = createHandler(sqsBatchHandler(OrderPaid, idempotent(fn, { tableName: 'idempotency' })));
    const event = paid('op-1');

    // Act
    const response = await handler(sqsEvent([sqsRecord(eventBridgeEvent(event)), sqsRecord(eventBridgeEvent(event))]), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fails at cold start naming IDEMPOTENCY_TABLE when no table is configured', () => {
    vi.stubEnv('IDEMPOTENCY_TABLE', '');

    expect(() => idempotent(async () => 'done')).toThrow(ConfigError);
    expect(() => idempotent(async () => 'done')).toThrow('IDEMPOTENCY_TABLE: required but not set');
  });
});
