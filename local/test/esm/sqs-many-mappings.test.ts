import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings, stillAfter } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec } from './support/topology.ts';

/** More mappings than one SDK client's 50 sockets hold long polls for: 12 mappings of 5 pollers. */
const MAPPINGS = 12;

describe('SQS event source mappings: many at once', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('deletes each processed message at once, however many mappings hold long polls, so none comes back', async () => {
    // Prepare
    const queues = await Promise.all(Array.from({ length: MAPPINGS }, (_, i) => fixture.createQueue(`many-${i}`, { VisibilityTimeout: '3' })));
    const fn = fakeFunction();
    await startMappings(
      queues.map((queue) => mappingSpec('sqs', queue.arn)),
      { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke }, // 5 pollers each, long polls of 20 s
    );

    // Act
    for (const [i, queue] of queues.entries()) await fixture.send(queue.url, [`m${i}`]);

    // Assess: every message invoked once and deleted long before a 20-second long poll ends
    await eventually(() => expect(fn.calls).toHaveLength(MAPPINGS), 5_000);
    await eventually(async () => {
      for (const queue of queues) expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
    }, 2_000);
    // Past the 3-second visibility timeout (the engine's wall clock): a message not deleted would be back.
    await stillAfter(3_500, () => expect(fn.calls.map((call) => call.event.Records[0].body).sort()).toEqual(queues.map((_, i) => `m${i}`).sort()));
  }, 20_000);
});
