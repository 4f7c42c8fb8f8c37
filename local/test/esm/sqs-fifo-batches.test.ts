import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec } from './support/topology.ts';

type SqsEvent = { Records: { messageId: string; body: string; attributes: { MessageGroupId?: string } }[] };

const bodiesOf = (event: SqsEvent) => event.Records.map((record) => record.body);

/**
 * SQS hands out several messages of one FIFO message group in one receive, in order ("as many messages with the
 * same message group ID as possible"), so a Lambda batch holds a run of a group and partial batch responses matter:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (FIFO: stop at the first failure
 * and report it and every message after it).
 */
describe('SQS event source mapping: FIFO batches', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const fifoQueue = (name: string) => fixture.createQueue(`${name}.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '1' });

  it('puts several messages of one group in one batch, group by group, each in order', async () => {
    // Prepare
    const queue = await fifoQueue('runs');
    await fixture.send(queue.url, [
      { MessageBody: 'a1', MessageGroupId: 'a' },
      { MessageBody: 'b1', MessageGroupId: 'b' },
      { MessageBody: 'a2', MessageGroupId: 'a' },
      { MessageBody: 'a3', MessageGroupId: 'a' },
      { MessageBody: 'b2', MessageGroupId: 'b' },
    ]);
    const fn = fakeFunction();

    // Act
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 10 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      defaultSqsConcurrency: 2,
    });

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => bodiesOf(call.event))).toHaveLength(5));
    expect(fn.calls.map((call) => bodiesOf(call.event))).toEqual([['a1', 'a2', 'a3', 'b1', 'b2']]);
  });

  it('retries from the first failure of a group when the function reports it and the rest, keeping the order', async () => {
    // Prepare
    const queue = await fifoQueue('partial');
    await fixture.send(
      queue.url,
      ['m1', 'm2', 'm3', 'm4'].map((body) => ({ MessageBody: body, MessageGroupId: 'orders' })),
    );
    const fn = fakeFunction((event: SqsEvent, call) => {
      if (call > 1) return { batchItemFailures: [] };
      // The documented FIFO handler: stop at the first failure (m2), report it and every message after it.
      const failedAt = event.Records.findIndex((record) => record.body === 'm2');
      return { batchItemFailures: event.Records.slice(failedAt).map((record) => ({ itemIdentifier: record.messageId })) };
    });

    // Act
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 10, reportBatchItemFailures: true })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
    });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2), 6_000);
    expect(fn.calls.map((call) => bodiesOf(call.event))).toEqual([
      ['m1', 'm2', 'm3', 'm4'],
      ['m2', 'm3', 'm4'],
    ]);
    await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }));
  });

  it('returns messages made visible again one by one to their group in sequence order, not reversed', async () => {
    // Prepare: m2, m3 and m4 handed back one at a time (each to the front of the group, in fauxqs).
    const queue = await fifoQueue('returned');
    await fixture.send(
      queue.url,
      ['m1', 'm2', 'm3', 'm4'].map((body) => ({ MessageBody: body, MessageGroupId: 'g' })),
    );
    const sqs = new SQSClient({ endpoint: fixture.engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10 }))).Messages ?? [];
    expect(first.map((message) => message.Body)).toEqual(['m1', 'm2', 'm3', 'm4']);

    // Act
    for (const message of first.slice(1)) {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
    }
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: first[0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10 }))).Messages ?? [];
    sqs.destroy();

    // Assess
    expect(again.map((message) => message.Body)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });
});
