import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec } from './support/topology.ts';

type SqsEvent = { Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount: string } }[] };

const bodies = (event: SqsEvent) => event.Records.map((record) => record.body);

describe('SQS event source mapping: failures', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('leaves a failed batch in the queue, to come back after the visibility timeout with a higher receive count', async () => {
    // Prepare
    const queue = await fixture.createQueue('visibility', { VisibilityTimeout: '1' });
    await fixture.send(queue.url, ['flaky']);
    const fn = fakeFunction((_event, call) => {
      if (call === 1) throw new Error('downstream unavailable');
    });

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2), 5_000);
    const [first, second] = fn.calls;
    expect(fn.calls.map((call) => (call.event as SqsEvent).Records[0]!.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(900);
    await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }));
  });

  it('brings a failed batch back after its visibility timeout divided by the time scale', async () => {
    // Prepare: 30 s on AWS, 3 s at a time scale of 10.
    const queue = await fixture.createQueue('scaled-visibility', { VisibilityTimeout: '30' });
    await fixture.send(queue.url, ['flaky']);
    const fn = fakeFunction((_event, call) => {
      if (call === 1) throw new Error('downstream unavailable');
    });

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke, timeScale: 10 });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2), 8_000);
    const [first, second] = fn.calls;
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(2_900);
    expect(second!.startedAt - first!.startedAt).toBeLessThan(8_000);
  });

  it("moves a message that keeps failing to the queue's dead-letter queue after maxReceiveCount receives", async () => {
    // Prepare
    const dlq = await fixture.createQueue('poison-dlq');
    const queue = await fixture.createQueue('poison', {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await fixture.send(queue.url, ['poison']);
    const fn = fakeFunction(() => {
      throw new Error('cannot parse');
    });

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke });

    // Assess
    let moved: string[] = [];
    await eventually(async () => {
      moved = [...moved, ...(await fixture.drain(dlq.url))];
      expect(moved).toEqual(['poison']);
    }, 6_000);
    expect(fn.calls.map((call) => (call.event as SqsEvent).Records[0]!.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it('deletes every message but those the function reports in batchItemFailures', async () => {
    // Prepare
    const queue = await fixture.createQueue('partial', { VisibilityTimeout: '30' });
    await fixture.send(queue.url, ['ok-1', 'bad-1', 'ok-2', 'bad-2']);
    const fn = fakeFunction((event: SqsEvent) => ({
      batchItemFailures: event.Records.filter((record) => record.body.startsWith('bad')).map((record) => ({ itemIdentifier: record.messageId })),
    }));

    // Act
    const { activitiesOf } = await startMappings([mappingSpec('sqs', queue.arn, { reportBatchItemFailures: true })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      defaultSqsConcurrency: 1,
    });

    // Assess
    await eventually(() => expect(activitiesOf('deleted')).toHaveLength(1));
    expect(bodies(fn.calls[0]!.event)).toEqual(['ok-1', 'bad-1', 'ok-2', 'bad-2']);
    expect(activitiesOf('invoked')[0]).toMatchObject({ outcome: 'partial', size: 4, failed: 2 });
    expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 2 });
  });

  it.each([
    ['an itemIdentifier that names no message of the batch', { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] }],
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a response that is not a JSON object', 'done'],
  ])('treats %s as a failure of the whole batch: nothing is deleted', async (_case, response) => {
    // Prepare
    const queue = await fixture.createQueue(`invalid-${Math.random().toString(36).slice(2, 8)}`, { VisibilityTimeout: '30' });
    await fixture.send(queue.url, ['a', 'b']);
    const fn = fakeFunction(() => response);

    // Act
    const { activitiesOf } = await startMappings([mappingSpec('sqs', queue.arn, { reportBatchItemFailures: true })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      defaultSqsConcurrency: 1,
    });

    // Assess
    await eventually(() => expect(activitiesOf('invoked')).toHaveLength(1));
    expect(activitiesOf('invoked')[0]).toMatchObject({ outcome: 'invalid-response', failed: 2 });
    expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 2 });
  });

  it('does not read batchItemFailures when the mapping does not report batch item failures', async () => {
    // Prepare
    const queue = await fixture.createQueue('not-reported', { VisibilityTimeout: '30' });
    await fixture.send(queue.url, ['a', 'b']);
    const fn = fakeFunction((event: SqsEvent) => ({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }] }));

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke, defaultSqsConcurrency: 1 });

    // Assess
    await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }));
    expect(fn.calls).toHaveLength(1);
  });
});
