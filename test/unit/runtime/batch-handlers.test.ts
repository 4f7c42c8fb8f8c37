import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent, OrderPaid, type CatalogEvent } from '../../../shared/events/index.ts';
import { createHandler, currentCorrelationId, logger, sqsBatchHandler, type EventFunction } from '../../../shared/runtime/index.ts';
import { captureLogs, eventBridgeEvent, lambdaContext, sqsEvent, sqsRecord, type CapturedLogs } from '../../kit/index.ts';

type Paid = CatalogEvent<typeof OrderPaid>;
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function paid(orderId: string, correlationId = `corr-${orderId}`, amount = 19): Paid {
  // Built valid, then tampered with: createEvent refuses invalid data, the wire does not.
  const event = json(createEvent(OrderPaid, { orderId, paymentId: `pay-${orderId}`, amountMinor: 1, currency: 'EUR' }, { correlationId }));
  event.detail.data.amountMinor = amount;
  return event;
}

/** The sample consumer: records what it saw, fails on order `ord-fail`. */
function sampleConsumer() {
  const seen: Paid[] = [];
  const fn: EventFunction<Paid, unknown> = async (event) => {
    logger.info('Recording payment', { orderId: event.detail.data.orderId });
    seen.push(event);
    if (event.detail.data.orderId === 'ord-fail') throw new Error('Payment ledger unavailable');
    return event.detail.data.orderId;
  };
  return { seen, fn };
}

/** A batch source: how to build its handler, how to deliver events, how Lambda identifies a record. */
interface Source {
  name: string;
  // `never`: each source's handler takes its own event type, which the table erases.
  handler: (fn: EventFunction<Paid, unknown>) => (event: never, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  batch: (events: Paid[]) => { Records: unknown[] };
  idOf: (record: unknown) => string;
}

const sources: Source[] = [
  {
    name: 'SQS',
    handler: (fn) => createHandler(sqsBatchHandler(OrderPaid, fn)),
    batch: (events: Paid[]) => sqsEvent(events.map((e) => sqsRecord(eventBridgeEvent(e)))),
    idOf: (record) => (record as SQSRecord).messageId,
  },
];

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => {
  logs.restore();
});

describe.each(sources)('$name batch handler', ({ handler, batch, idOf }) => {
  it('reports exactly the invalid and the failing records as batch item failures', async () => {
    // Prepare
    const { seen, fn } = sampleConsumer();
    const event = batch([paid('ord-ok'), paid('ord-invalid', 'corr-invalid', -1), paid('ord-fail')]);
    const [ok, invalid, failing] = event.Records;

    // Act
    const response = await handler(fn)(event as never, lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: idOf(invalid) }, { itemIdentifier: idOf(failing) }] });
    expect(seen.map((e) => e.detail.data.orderId)).toEqual(['ord-ok', 'ord-fail']);
    expect(idOf(ok)).not.toBe(idOf(invalid));
  });

  it('logs why each record failed, with its identifier and correlation id', async () => {
    // Prepare
    const event = batch([paid('ord-ok'), paid('ord-invalid', 'corr-invalid', -1), paid('ord-fail')]);

    // Act
    await handler(sampleConsumer().fn)(event as never, lambdaContext());

    // Assess
    const failures = logs.withMessage('Record failed: reporting it as a batch item failure');
    expect(failures.map((line) => [line.itemIdentifier, line.correlation_id])).toEqual([
      [idOf(event.Records[1]), 'corr-invalid'],
      [idOf(event.Records[2]), 'corr-ord-fail'],
    ]);
    expect(JSON.stringify(failures[0]?.error)).toMatch(/detail\.data\.amountMinor/);
    expect(JSON.stringify(failures[1]?.error)).toContain('Payment ledger unavailable');
  });

  it("puts each record's correlation id on the lines logged while handling it, then clears it", async () => {
    // Prepare
    const event = batch([paid('ord-a', 'corr-a'), paid('ord-b', 'corr-b')]);
    let after: string | undefined = 'not read';

    // Act
    await handler(async (e) => {
      logger.info('Recording payment', { orderId: e.detail.data.orderId });
    })(event as never, lambdaContext());
    after = currentCorrelationId();

    // Assess
    expect(logs.withMessage('Recording payment').map((line) => [line.orderId, line.correlation_id])).toEqual([
      ['ord-a', 'corr-a'],
      ['ord-b', 'corr-b'],
    ]);
    expect(after).toBeUndefined();
  });

  it('fails the invocation when every record fails, so the error shows and the mapping can bisect', async () => {
    const event = batch([paid('ord-fail'), paid('ord-invalid', 'corr-x', -1)]);

    await expect(handler(sampleConsumer().fn)(event as never, lambdaContext())).rejects.toThrow(FullBatchFailureError);
  });

  it('returns an empty failure list when every record succeeds', async () => {
    const response = await handler(sampleConsumer().fn)(batch([paid('ord-1'), paid('ord-2')]) as never, lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
  });
});

describe('SQS batch handler', () => {
  it('stops a FIFO batch at the first failure, failing the rest unprocessed to keep the order', async () => {
    // Prepare
    const { seen, fn } = sampleConsumer();
    const records = ['ord-1', 'ord-fail', 'ord-3'].map((id) => sqsRecord(eventBridgeEvent(paid(id)), { messageGroupId: 'customer-1' }));

    // Act
    const response = await createHandler(sqsBatchHandler(OrderPaid, fn))(sqsEvent(records), lambdaContext());

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([records[1]?.messageId, records[2]?.messageId]);
    expect(seen.map((e) => e.detail.data.orderId)).toEqual(['ord-1', 'ord-fail']);
  });

  it('resolves a claim-checked event from S3 before the record function sees it', async () => {
    // Prepare
    const s3 = mockClient(S3Client);
    const full = paid('ord-big');
    const claimChecked = {
      ...full,
      detail: { metadata: { ...full.detail.metadata, claimCheck: { bucket: 'claims', key: 'big.json', sizeBytes: 90 } }, data: null },
    };
    // The SDK's body stream mixin is not a dependency; the resolver only calls transformToString.
    s3.on(GetObjectCommand, { Bucket: 'claims', Key: 'big.json' }).resolves({
      Body: { transformToString: async () => JSON.stringify(full.detail.data) } as never,
    });
    const { seen, fn } = sampleConsumer();

    // Act
    const response = await createHandler(sqsBatchHandler(OrderPaid, fn))(sqsEvent([sqsRecord(eventBridgeEvent(claimChecked))]), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(seen[0]?.detail.data).toEqual(full.detail.data);
    s3.restore();
  });
});
