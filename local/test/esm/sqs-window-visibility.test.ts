import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay, fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings, stillAfter } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { consumerFunction, mappingSpec } from './support/topology.ts';

/**
 * With a batching window, Lambda keeps the gathered messages invisible for window + function timeout + 30 s when
 * the queue's visibility timeout is shorter, so a message is not handed out again while its batch is being
 * gathered and processed. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
describe('SQS event source mapping: visibility with a batching window', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('does not hand a message out again while the invocation that holds it still runs', async () => {
    // Prepare: a 2-second queue and a 2-second function; gathering (1 s) and processing (1.8 s) take longer.
    const queue = await fixture.createQueue('window-visibility', { VisibilityTimeout: '2' });
    const fn = fakeFunction(async () => {
      await delay(1_800);
    });
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 100, maximumBatchingWindowSeconds: 1 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      functions: [consumerFunction(2)],
    });

    // Act
    await fixture.send(queue.url, ['only-once']);

    // Assess
    await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }), 6_000);
    await stillAfter(500, () => expect(fn.calls).toHaveLength(1));
    expect(fn.calls[0]!.event.Records[0].attributes.ApproximateReceiveCount).toBe('1');
  }, 15_000);
});
