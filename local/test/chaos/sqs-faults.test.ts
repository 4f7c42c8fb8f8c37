import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chaos, parseChaosSpec } from '../../chaos/index.ts';
import { fakeFunction } from '../esm/support/fake-function.ts';
import { eventually, startMappings } from '../esm/support/harness.ts';
import { sqsFixture, type SqsFixture } from '../esm/support/sqs-queues.ts';
import { mappingSpec } from '../esm/support/topology.ts';

type SqsEvent = { Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount: string } }[] };

const received = (calls: { event: unknown }[]) =>
  calls.flatMap((call) =>
    (call.event as SqsEvent).Records.map((record) => ({
      messageId: record.messageId,
      body: record.body,
      receiveCount: record.attributes.ApproximateReceiveCount,
    })),
  );

describe('SQS faults under --chaos', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('sqs.duplicate at rate 1: a message processed successfully is received again at once (same message id, receive count grown)', async () => {
    // Prepare
    const queue = await fixture.createQueue('chaos-duplicate', { VisibilityTimeout: '30' });
    await fixture.send(queue.url, ['once']);
    const fn = fakeFunction();
    const chaos = new Chaos(parseChaosSpec('seed=1,sqs.duplicate=1'));

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke, chaos });

    // Assess: well within the 30 s visibility timeout, so not a redelivery after a timeout.
    await eventually(() => expect(fn.calls.length).toBeGreaterThanOrEqual(2), 5_000);
    const [first, second] = received(fn.calls);
    expect(second).toEqual({ ...first, receiveCount: '2' });
    expect(chaos.summary().injected['sqs.duplicate']).toBeGreaterThanOrEqual(1);
  });

  it('sqs.crash at rate 1: a processed batch is not deleted and comes back after its visibility timeout', async () => {
    // Prepare
    const queue = await fixture.createQueue('chaos-crash', { VisibilityTimeout: '1' });
    await fixture.send(queue.url, ['crashes']);
    const fn = fakeFunction();
    const chaos = new Chaos(parseChaosSpec('seed=1,sqs.crash=1'));

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke, chaos });

    // Assess
    await eventually(() => expect(fn.calls.length).toBeGreaterThanOrEqual(2), 5_000);
    const [first, second] = fn.calls;
    expect(
      received(fn.calls)
        .slice(0, 2)
        .map((message) => message.receiveCount),
    ).toEqual(['1', '2']);
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(900);
  });

  it('at rate 0 a processed message is deleted once and never seen again', async () => {
    // Prepare
    const queue = await fixture.createQueue('chaos-off', { VisibilityTimeout: '1' });
    await fixture.send(queue.url, ['once']);
    const fn = fakeFunction();

    // Act
    await startMappings([mappingSpec('sqs', queue.arn)], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      chaos: new Chaos(parseChaosSpec('seed=1,rate=0')),
    });

    // Assess
    await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }), 5_000);
    // Absence takes waiting: past the 1 s visibility timeout, a message left undeleted would be back.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fn.calls).toHaveLength(1);
  });
});
