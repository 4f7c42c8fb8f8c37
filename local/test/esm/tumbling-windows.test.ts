import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { fakeFunction } from './support/fake-function.ts';
import { driveUntil, eventually, startMappings, stillAfter } from './support/harness.ts';
import { kinesisFixture, type KinesisFixture } from './support/kinesis-streams.ts';
import { MemoryShard, pollShard, SHARD_ID, type RunningShard } from './support/memory-shard.ts';
import { mappingSpec, streamArn } from './support/topology.ts';

type WindowEvent = {
  Records: { kinesis: { data: string; sequenceNumber: string; approximateArrivalTimestamp: number } }[];
  window: { start: string; end: string };
  state: { count?: number; [key: string]: unknown };
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
};

/** Counts records into the window's state, as the AWS documentation's example aggregates. */
const counting = (event: WindowEvent) => ({ state: { ...event.state, count: (event.state.count ?? 0) + event.Records.length } });

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const ARN = streamArn('windows');
const at = (seconds: number) => T0 + seconds * 1000;

describe('Tumbling windows', () => {
  let running: RunningShard | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('carries the state each invocation returns to the next invocation of the same window', async () => {
    // Prepare
    const shard = new MemoryShard();
    [1, 2, 3].forEach((n) => {
      shard.add({ n }, at(n));
    });
    const fn = fakeFunction(counting);

    // Act
    running = pollShard(shard, mappingSpec('kinesis', ARN, { batchSize: 2, tumblingWindowInSeconds: 60 }), fn, new ManualClock(at(5)));

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2));
    const [first, second] = fn.calls.map((call) => call.event as WindowEvent);
    expect(first).toEqual({
      Records: [expect.objectContaining({ eventSource: 'aws:kinesis' }), expect.objectContaining({ eventSource: 'aws:kinesis' })],
      window: { start: '2026-01-01T12:00:00Z', end: '2026-01-01T12:01:00Z' },
      state: {},
      shardId: SHARD_ID,
      eventSourceARN: ARN,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
    expect(Object.keys(first!)).toEqual(['Records', 'window', 'state', 'shardId', 'eventSourceARN', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly']);
    expect(second).toMatchObject({ window: first!.window, state: { count: 2 }, isFinalInvokeForWindow: false });
    expect(second!.Records).toHaveLength(1);
  });

  it("makes one final invocation once the window has ended, with the window's state and no records", async () => {
    // Prepare
    const clock = new ManualClock(at(5));
    const shard = new MemoryShard();
    [1, 2, 3].forEach((n) => {
      shard.add({ n }, at(n));
    });
    const fn = fakeFunction(counting);
    running = pollShard(shard, mappingSpec('kinesis', ARN, { batchSize: 2, tumblingWindowInSeconds: 60 }), fn, clock);
    await eventually(() => expect(fn.calls).toHaveLength(2));

    // Act
    await clock.advance(50_000);
    await stillAfter(50, () => expect(fn.calls).toHaveLength(2));
    await driveUntil(clock, () => fn.calls.length === 3, { stepMs: 1_000 });
    await clock.advance(120_000);

    // Assess
    await stillAfter(50, () => expect(fn.calls).toHaveLength(3));
    expect(clock.now()).toBeGreaterThan(at(60));
    expect(fn.calls[2]!.event).toEqual({
      Records: [],
      window: { start: '2026-01-01T12:00:00Z', end: '2026-01-01T12:01:00Z' },
      state: { count: 3 },
      shardId: SHARD_ID,
      eventSourceARN: ARN,
      isFinalInvokeForWindow: true,
      isWindowTerminatedEarly: false,
    });
  });

  it('never puts records of two windows in one batch, and starts each window with an empty state', async () => {
    // Prepare
    const shard = new MemoryShard();
    shard.add({ n: 1 }, at(58));
    shard.add({ n: 2 }, at(59));
    shard.add({ n: 3 }, at(61));
    const fn = fakeFunction(counting);

    // Act
    running = pollShard(shard, mappingSpec('kinesis', ARN, { batchSize: 10, tumblingWindowInSeconds: 60 }), fn, new ManualClock(at(62)));

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(3));
    const events = fn.calls.map((call) => call.event as WindowEvent);
    expect(events.map((event) => [event.window.start, event.Records.length, event.state, event.isFinalInvokeForWindow])).toEqual([
      ['2026-01-01T12:00:00Z', 2, {}, false],
      ['2026-01-01T12:00:00Z', 0, { count: 2 }, true],
      ['2026-01-01T12:01:00Z', 1, {}, false],
    ]);
  });

  it('treats a response without state as a failed invocation and retries the batch', async () => {
    // Prepare
    const shard = new MemoryShard();
    shard.add({ n: 1 }, at(1));
    const fn = fakeFunction((event: WindowEvent, call) => (call === 1 ? { batchItemFailures: [] } : counting(event)));

    // Act
    running = pollShard(shard, mappingSpec('kinesis', ARN, { tumblingWindowInSeconds: 60 }), fn, new ManualClock(at(2)));

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2));
    expect(running.activities.filter((activity) => activity.type === 'invoked')).toMatchObject([
      { outcome: 'invalid-response', reason: 'the response has no state (tumbling window)' },
      { outcome: 'success' },
    ]);
    expect(fn.calls[1]!.event).toMatchObject({ state: {}, Records: [expect.anything()] });
  });

  it('keeps the state of a partial response and retries from the first reported record', async () => {
    // Prepare
    const shard = new MemoryShard();
    const sequence = [1, 2, 3].map((n) => shard.add({ n }, at(n)));
    const fn = fakeFunction((event: WindowEvent, call) =>
      call === 1 ? { state: { count: 1 }, batchItemFailures: [{ itemIdentifier: sequence[1] }] } : counting(event),
    );

    // Act
    running = pollShard(shard, mappingSpec('kinesis', ARN, { tumblingWindowInSeconds: 60, reportBatchItemFailures: true }), fn, new ManualClock(at(5)));

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2));
    const retry = fn.calls[1]!.event as WindowEvent;
    expect(retry.state).toEqual({ count: 1 });
    expect(retry.Records.map((record) => record.kinesis.sequenceNumber)).toEqual(sequence.slice(1));
  });

  it('ends the window early when the state grows over 1 MB, then continues it with a fresh state', async () => {
    // Prepare
    const shard = new MemoryShard();
    shard.add({ n: 1 }, at(1));
    shard.add({ n: 2 }, at(2));
    const fn = fakeFunction((event: WindowEvent, call) => (call === 1 ? { state: { blob: 'x'.repeat(1_100_000) } } : counting(event)));

    // Act
    running = pollShard(shard, mappingSpec('kinesis', ARN, { batchSize: 1, tumblingWindowInSeconds: 60 }), fn, new ManualClock(at(5)));

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(3));
    const [, early, next] = fn.calls.map((call) => call.event as WindowEvent);
    expect(early).toMatchObject({ Records: [], isFinalInvokeForWindow: true, isWindowTerminatedEarly: true, state: { blob: expect.any(String) } });
    expect(next).toMatchObject({ window: early!.window, state: {}, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false });
  });

  describe('on a Kinesis stream', () => {
    let fixture: KinesisFixture;
    beforeAll(async () => {
      fixture = await kinesisFixture();
    });
    afterAll(async () => {
      await fixture?.stop();
    });

    it("aggregates each window's records across invocations and closes every window with a final invocation", async () => {
      // Prepare
      const clock = new ManualClock(Date.now());
      const arn = await fixture.createStream('tumbling');
      const fn = fakeFunction(counting);
      await startMappings([mappingSpec('kinesis', arn, { batchSize: 2, tumblingWindowInSeconds: 60 })], {
        endpoints: { kinesis: fixture.engine.endpoint },
        invoke: fn.invoke,
        clock,
        polling: { kinesisIntervalMs: 100 },
      });

      // Act
      await fixture.put('tumbling', [{ data: 1 }, { data: 2 }, { data: 3 }]);
      await fixture.put('tumbling', [{ data: 4 }]);
      const finals = () => fn.calls.filter((call) => call.event.isFinalInvokeForWindow);
      await driveUntil(clock, () => fn.calls.flatMap((call) => call.event.Records).length === 4, { stepMs: 100 });
      const windows = new Set(fn.calls.map((call) => call.event.window.start));
      await driveUntil(clock, () => finals().length === windows.size, { stepMs: 10_000 });

      // Assess
      const events = fn.calls.map((call) => call.event as WindowEvent);
      for (const start of windows) {
        const inWindow = events.filter((event) => event.window.start === start);
        const batches = inWindow.filter((event) => !event.isFinalInvokeForWindow);
        const final = inWindow.filter((event) => event.isFinalInvokeForWindow);
        expect(final).toHaveLength(1);
        expect(inWindow.at(-1)).toBe(final[0]);
        const records = batches.flatMap((event) => event.Records);
        for (const record of records) {
          const arrival = record.kinesis.approximateArrivalTimestamp * 1000;
          expect(arrival).toBeGreaterThanOrEqual(Date.parse(start));
          expect(arrival).toBeLessThan(Date.parse(final[0]!.window.end));
        }
        batches.forEach((event, i) => {
          expect(event.state).toEqual(i === 0 ? {} : { count: batches.slice(0, i).reduce((n, b) => n + b.Records.length, 0) });
        });
        expect(final[0]!.state).toEqual({ count: records.length });
        expect(Date.parse(final[0]!.window.end) - Date.parse(start)).toBe(60_000);
      }
    });
  });
});
