import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay, fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec } from './support/topology.ts';

type SqsEvent = { Records: { body: string; attributes: { MessageGroupId?: string } }[] };

describe('SQS event source mapping: concurrency', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it.each([2, 4])('never runs more than MaximumConcurrency = %i invocations at once, and reaches it', async (maximumConcurrency) => {
    // Prepare
    const queue = await fixture.createQueue(`concurrency-${maximumConcurrency}`);
    const fn = fakeFunction(async () => {
      await delay(150);
    });
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 1, maximumConcurrency })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      defaultSqsConcurrency: 10,
    });

    // Act
    await fixture.send(
      queue.url,
      Array.from({ length: 12 }, (_, i) => `m${i}`),
    );

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(12), 6_000);
    expect(fn.maxConcurrent).toBe(maximumConcurrency);
  });

  it('runs five batches at once when the mapping sets no MaximumConcurrency, as Lambda starts five pollers', async () => {
    // Prepare
    const queue = await fixture.createQueue('default-concurrency');
    const fn = fakeFunction(async () => {
      await delay(150);
    });
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 1 })], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fn.invoke });

    // Act
    await fixture.send(
      queue.url,
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(10), 6_000);
    expect(fn.maxConcurrent).toBe(5);
  });

  it('processes a FIFO queue in order within each message group, never two batches of one group at once', async () => {
    // Prepare
    const queue = await fixture.createQueue('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const groups = ['g1', 'g2', 'g3'];
    const seen: Record<string, string[]> = { g1: [], g2: [], g3: [] };
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const fn = fakeFunction(async (event: SqsEvent) => {
      const batchGroups = new Set(event.Records.map((record) => record.attributes.MessageGroupId!));
      for (const group of batchGroups) {
        if (inFlight.has(group)) overlaps.push(group);
        inFlight.add(group);
      }
      for (const record of event.Records) seen[record.attributes.MessageGroupId!]!.push(record.body);
      await delay(30);
      for (const group of batchGroups) inFlight.delete(group);
    });
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 1, maximumConcurrency: 3 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
    });

    // Act
    await fixture.send(queue.url, Array.from({ length: 5 }, (_, i) => groups.map((group) => ({ MessageBody: `${group}-${i}`, MessageGroupId: group }))).flat());

    // Assess
    await eventually(() => expect(Object.values(seen).flat()).toHaveLength(15), 6_000);
    for (const group of groups) expect(seen[group]).toEqual([0, 1, 2, 3, 4].map((i) => `${group}-${i}`));
    expect(overlaps).toEqual([]);
    expect(fn.maxConcurrent).toBeGreaterThan(1);
  });
});
