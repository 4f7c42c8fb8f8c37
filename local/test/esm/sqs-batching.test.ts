import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings, stillAfter } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec, REGION } from './support/topology.ts';

describe('SQS event source mapping: batches', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('invokes with batches of at most BatchSize messages and deletes each batch once it succeeded', async () => {
    // Prepare
    const queue = await fixture.createQueue('batch-size');
    await fixture.send(queue.url, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    const fn = fakeFunction();

    // Act
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 3 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      defaultSqsConcurrency: 1,
    });

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => call.event.Records)).toHaveLength(7));
    expect(fn.calls.map((call) => call.event.Records.length)).toEqual([3, 3, 1]);
    expect(fn.calls.flatMap((call) => call.event.Records.map((record: { body: string }) => record.body)).sort()).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
    ]);
    await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }));
  });

  it('sends each message as the record AWS puts in an SQS event', async () => {
    // Prepare
    const queue = await fixture.createQueue('shapes');
    const body = '{"orderId":"o-1"}';
    await fixture.send(queue.url, [
      {
        MessageBody: body,
        MessageAttributes: {
          correlationId: { DataType: 'String', StringValue: 'c-1' },
          attempt: { DataType: 'Number', StringValue: '2' },
          signature: { DataType: 'Binary', BinaryValue: Buffer.from('sig') },
        },
      },
    ]);
    const fn = fakeFunction();
    const arn = `arn:aws:sqs:${REGION}:000000000000:shapes`;

    // Act
    await startMappings([mappingSpec('sqs', arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    const [record] = fn.calls[0]!.event.Records;
    expect(Object.keys(fn.calls[0]!.event)).toEqual(['Records']);
    expect(record).toEqual({
      messageId: expect.stringMatching(/.+/),
      receiptHandle: expect.stringMatching(/.+/),
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.stringMatching(/.+/),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        correlationId: { stringValue: 'c-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
        attempt: { stringValue: '2', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        signature: { binaryValue: Buffer.from('sig').toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: createHash('md5').update(body).digest('hex'),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: REGION,
    });
    expect(SqsSchema.safeParse(fn.calls[0]!.event).success).toBe(true);
  });

  it('adds the FIFO attributes and sends md5OfMessageAttributes null when a message has none', async () => {
    // Prepare
    const queue = await fixture.createQueue('shapes.fifo', { FifoQueue: 'true' });
    await fixture.send(queue.url, [{ MessageBody: 'first', MessageGroupId: 'order-1', MessageDeduplicationId: 'd-1' }]);
    const fn = fakeFunction();

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    const [record] = fn.calls[0]!.event.Records;
    expect(record.attributes).toMatchObject({ MessageGroupId: 'order-1', MessageDeduplicationId: 'd-1', SequenceNumber: expect.stringMatching(/^\d+$/) });
    expect(record.md5OfMessageAttributes).toBeNull();
    expect(record.messageAttributes).toEqual({});
  });

  it('waits out the batching window, gathering what arrives, before invoking', async () => {
    // Prepare
    const clock = new ManualClock(Date.now());
    const queue = await fixture.createQueue('window');
    const fn = fakeFunction();
    await startMappings([mappingSpec('sqs', queue.arn, { maximumBatchingWindowSeconds: 5 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      clock,
      defaultSqsConcurrency: 1,
    });

    // Act
    await fixture.send(queue.url, ['early']);
    await eventually(() => expect(clock.pending).toBe(1)); // the first message opened the window
    await fixture.send(queue.url, ['late']);
    await clock.advance(4_000);

    // Assess
    await stillAfter(300, () => expect(fn.calls).toHaveLength(0));
    await clock.advance(1_000);
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(fn.calls[0]!.event.Records.map((record: { body: string }) => record.body)).toEqual(['early', 'late']);
  });

  it('invokes as soon as the batch is full, without waiting for the window to end', async () => {
    // Prepare
    const clock = new ManualClock(Date.now());
    const queue = await fixture.createQueue('window-full');
    const fn = fakeFunction();
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 2, maximumBatchingWindowSeconds: 60 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      clock,
      defaultSqsConcurrency: 1,
    });

    // Act
    await fixture.send(queue.url, ['a', 'b']);

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(fn.calls[0]!.event.Records).toHaveLength(2);
  });
});
