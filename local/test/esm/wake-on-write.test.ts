import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { SourceWatch, WorkSignals } from '../../esm/index.ts';
import type { StreamItem } from '../../esm/stream-reader.ts';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings, stillAfter } from './support/harness.ts';
import { MemoryShard, pollShard, type RunningShard } from './support/memory-shard.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec, streamArn } from './support/topology.ts';

/*
 * Pollers are woken by the write that made work for them, instead of sleeping out their interval with records
 * already there; batching windows, batch sizes and the interval itself (for writes the runtime does not see) stay.
 * Every clock here is manual and never moved unless said: a poller that reacts did so because it was woken.
 */

const ARN = streamArn('clicks');
const bodies = (records: { body: string }[]) => records.map((record) => record.body);

describe('WorkSignals', () => {
  it('wakes the watches of the source a write names, and no other', () => {
    // Prepare
    const signals = new WorkSignals();
    const orders = signals.watch('dynamodb', 'orders');
    const stock = signals.watch('dynamodb', 'stock');
    const ordersQueue = signals.watch('sqs', 'orders');

    // Act
    signals.notify({ service: 'dynamodb', resources: ['orders', 'orders'] });

    // Assess
    expect([orders.version, stock.version, ordersQueue.version]).toEqual([1, 0, 0]);
  });

  it('wakes every watch of the service when a write does not say what it wrote', () => {
    // Prepare
    const signals = new WorkSignals();
    const clicks = signals.watch('kinesis', 'clicks');
    const views = signals.watch('kinesis', 'views');
    const queue = signals.watch('sqs', 'clicks');

    // Act
    signals.notify({ service: 'kinesis' });

    // Assess
    expect([clicks.version, views.version, queue.version]).toEqual([1, 1, 0]);
  });

  it('no longer wakes a watch once it is closed', () => {
    // Prepare
    const signals = new WorkSignals();
    const watch = signals.watch('sqs', 'jobs');

    // Act
    watch.close();
    signals.notify({ service: 'sqs', resources: ['jobs'] });

    // Assess
    expect(watch.version).toBe(0);
  });

  it('does not begin a sleep when a write came after the version was taken', async () => {
    // Prepare
    const clock = new ManualClock();
    const watch = new SourceWatch();
    const seen = watch.version;
    watch.wake();

    // Act
    await watch.sleep(clock, 60_000, new AbortController().signal, seen);

    // Assess
    expect(clock.pending).toBe(0);
  });
});

describe('stream poller woken by writes', () => {
  let running: RunningShard | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('reads at once when a write wakes it from the interval it sleeps after an empty read', async () => {
    // Prepare
    const clock = new ManualClock();
    const shard = new MemoryShard();
    const watch = new SourceWatch();
    const fn = fakeFunction();
    running = pollShard(shard, mappingSpec('kinesis', ARN), fn, clock, undefined, watch);
    await eventually(() => expect(clock.pending).toBe(1)); // asleep for its 1 s interval

    // Act
    shard.add({ click: 1 }, clock.now());
    watch.wake();

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(clock.now()).toBe(new ManualClock().now());
  });

  it('sleeps out its interval when no write it sees made the work (a write straight to the engine)', async () => {
    // Prepare
    const clock = new ManualClock();
    const shard = new MemoryShard();
    const fn = fakeFunction();
    running = pollShard(shard, mappingSpec('kinesis', ARN), fn, clock, undefined, new SourceWatch());
    await eventually(() => expect(clock.pending).toBe(1));

    // Act
    shard.add({ click: 1 }, clock.now());

    // Assess
    await stillAfter(100, () => expect(fn.calls).toHaveLength(0));
    await clock.advance(shard.pollIntervalMs);
    await eventually(() => expect(fn.calls).toHaveLength(1));
  });

  it('reads again without sleeping when the write landed while its read was under way', async () => {
    // Prepare
    const clock = new ManualClock();
    const watch = new SourceWatch();
    const shard = new (class extends MemoryShard {
      reads = 0;
      override async read(shardId: string, iterator: string, limit: number): Promise<{ items: StreamItem[]; nextIterator: string }> {
        const page = await super.read(shardId, iterator, limit);
        this.reads += 1;
        // The engine answered "nothing yet"; the write lands and is told before the answer reaches the poller.
        if (this.reads === 1) {
          this.add({ click: 1 }, clock.now());
          watch.wake();
        }
        return page;
      }
    })();
    const fn = fakeFunction();

    // Act
    running = pollShard(shard, mappingSpec('kinesis', ARN), fn, clock, undefined, watch);

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(shard.reads).toBeGreaterThanOrEqual(2);
  });

  it('still gathers for the whole batching window, reading each woken write into the same batch', async () => {
    // Prepare
    const clock = new ManualClock();
    const shard = new MemoryShard();
    const watch = new SourceWatch();
    const fn = fakeFunction();
    running = pollShard(shard, mappingSpec('kinesis', ARN, { batchSize: 100, maximumBatchingWindowSeconds: 3 }), fn, clock, undefined, watch);
    await eventually(() => expect(clock.pending).toBe(1));

    // Act
    shard.add({ click: 1 }, clock.now());
    watch.wake(); // the read opens the window (3 s from now)
    await eventually(() => expect(clock.pending).toBe(1));
    await clock.advance(1_500);
    shard.add({ click: 2 }, clock.now());
    watch.wake();
    await eventually(() => expect(clock.pending).toBe(1));

    // Assess
    await stillAfter(100, () => expect(fn.calls).toHaveLength(0));
    await clock.advance(1_500);
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(fn.calls[0]!.event.Records).toHaveLength(2);
  });

  it('invokes as soon as woken writes fill the batch, inside the window', async () => {
    // Prepare
    const clock = new ManualClock();
    const shard = new MemoryShard();
    const watch = new SourceWatch();
    const fn = fakeFunction();
    running = pollShard(shard, mappingSpec('kinesis', ARN, { batchSize: 2, maximumBatchingWindowSeconds: 60 }), fn, clock, undefined, watch);
    await eventually(() => expect(clock.pending).toBe(1));

    // Act
    shard.add({ click: 1 }, clock.now());
    watch.wake();
    await stillAfter(50, () => expect(fn.calls).toHaveLength(0));
    shard.add({ click: 2 }, clock.now());
    watch.wake();

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(fn.calls[0]!.event.Records).toHaveLength(2);
  });
});

describe('SQS poller woken by sends during a batching window', () => {
  let fixture: SqsFixture;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('invokes as soon as a send it is told of fills the batch, without waiting for its next look', async () => {
    // Prepare
    const clock = new ManualClock(Date.now());
    const signals = new WorkSignals();
    const queue = await fixture.createQueue('wake-full');
    const fn = fakeFunction();
    await startMappings([mappingSpec('sqs', queue.arn, { batchSize: 2, maximumBatchingWindowSeconds: 60 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      clock,
      signals,
      defaultSqsConcurrency: 1,
    });
    await fixture.send(queue.url, ['a']);
    await eventually(() => expect(clock.pending).toBe(1)); // the window is open, the poller pauses before looking again

    // Act
    await fixture.send(queue.url, ['b']);
    signals.notify({ service: 'sqs', resources: ['wake-full'] });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(bodies(fn.calls[0]!.event.Records)).toEqual(['a', 'b']);
  });

  it('still waits out the batching window when woken by each send', async () => {
    // Prepare
    const clock = new ManualClock(Date.now());
    const signals = new WorkSignals();
    const queue = await fixture.createQueue('wake-window');
    const fn = fakeFunction();
    await startMappings([mappingSpec('sqs', queue.arn, { maximumBatchingWindowSeconds: 5 })], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fn.invoke,
      clock,
      signals,
      defaultSqsConcurrency: 1,
    });
    await fixture.send(queue.url, ['early']);
    await eventually(() => expect(clock.pending).toBe(1));

    // Act
    await fixture.send(queue.url, ['late']);
    signals.notify({ service: 'sqs', resources: ['wake-window'] });

    // Assess
    await stillAfter(300, () => expect(fn.calls).toHaveLength(0));
    await eventually(() => expect(clock.pending).toBe(1));
    await clock.advance(5_000);
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(bodies(fn.calls[0]!.event.Records)).toEqual(['early', 'late']);
  });
});
