import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { FileCheckpointStore } from '../../esm/checkpoint-store.ts';
import { StreamMapping } from '../../esm/stream-mapping.ts';
import type { EventSourceMappingSpec } from '../../topology/types.ts';
import { fakeFunction, type FakeFunction } from './support/fake-function.ts';
import { eventually, stillAfter } from './support/harness.ts';
import { MemoryShard, SHARD_ID } from './support/memory-shard.ts';
import { functionArn, mappingSpec, streamArn } from './support/topology.ts';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;
const ARN = streamArn('checkpointed');

/** The data of every record a function was invoked with, in order. */
const seen = (fn: FakeFunction) =>
  fn.calls.flatMap((call) =>
    (call.event.Records as { kinesis: { data: string } }[]).map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString()).n as number),
  );

/** One run of a stream mapping, as one `npm start` runs it, over checkpoints kept in `dir`. */
function run(dir: string, shard: MemoryShard, spec: EventSourceMappingSpec, fn: FakeFunction, clock: ManualClock) {
  const controller = new AbortController();
  const mapping = new StreamMapping({
    spec,
    reader: shard,
    invoke: fn.invoke,
    deliver: async () => {},
    clock,
    filter: (record) => JSON.parse(Buffer.from((record as { kinesis: { data: string } }).kinesis.data, 'base64').toString()).n !== 'skip',
    report: () => {},
    functionArn: functionArn(),
    retryBackoff: { initialMs: 60_000, maxMs: 60_000 },
    discoveryIntervalMs: 10_000,
    checkpoints: new FileCheckpointStore(dir).open({ uuid: spec.uuid, eventSourceArn: spec.eventSourceArn, functionName: spec.functionName }),
  });
  const running = mapping.run(controller.signal);
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}

describe('Stream mapping checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eventful-checkpoints-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes after the last batch done: nothing replayed, nothing skipped', async () => {
    // Prepare
    const clock = new ManualClock(at(10));
    const shard = new MemoryShard();
    [1, 2, 3].forEach((n) => {
      shard.add({ n }, at(n));
    });
    const spec = mappingSpec('kinesis', ARN, { batchSize: 2 });
    const before = fakeFunction();
    const first = run(dir, shard, spec, before, clock);
    await eventually(() => expect(seen(before)).toEqual([1, 2, 3]));
    await first.stop();
    [4, 5].forEach((n) => {
      shard.add({ n }, at(n + 5));
    });

    // Act
    const after = fakeFunction();
    const second = run(dir, shard, spec, after, clock);

    // Assess
    await eventually(() => expect(seen(after)).toEqual([4, 5]));
    await second.stop();
  });

  it('retries on restart a batch the run stopped in the middle of (at least once, never skipped)', async () => {
    // Prepare: the second batch fails and waits a minute for its retry when the run stops.
    const clock = new ManualClock(at(10));
    const shard = new MemoryShard();
    [1, 2, 3, 4].forEach((n) => {
      shard.add({ n }, at(n));
    });
    const spec = mappingSpec('kinesis', ARN, { batchSize: 2 });
    const failing = fakeFunction((event) => {
      if (event.Records.length > 0 && JSON.parse(Buffer.from(event.Records[0].kinesis.data, 'base64').toString()).n === 3)
        throw new Error('downstream unavailable');
    });
    const first = run(dir, shard, spec, failing, clock);
    await eventually(() => expect(seen(failing)).toEqual([1, 2, 3, 4]));
    await first.stop();

    // Act
    const healthy = fakeFunction();
    const second = run(dir, shard, spec, healthy, clock);

    // Assess
    await eventually(() => expect(seen(healthy)).toEqual([3, 4]));
    await second.stop();
  });

  it('does not read filtered-out records again after a restart', async () => {
    // Prepare
    const clock = new ManualClock(at(10));
    const shard = new MemoryShard();
    shard.add({ n: 1 }, at(1));
    shard.add({ n: 'skip' }, at(2));
    const spec = mappingSpec('kinesis', ARN, { batchSize: 10 });
    const before = fakeFunction();
    const first = run(dir, shard, spec, before, clock);
    await eventually(() => expect(seen(before)).toEqual([1]));
    await first.stop();
    const checkpoint = new FileCheckpointStore(dir).open(spec).get(SHARD_ID);

    // Assess
    expect(checkpoint).toEqual({ sequenceNumber: shard.items[1]!.sequenceNumber });
  });

  it('keeps the open tumbling window and its state across a restart, so counts stay exact', async () => {
    // Prepare
    const clock = new ManualClock(at(10));
    const shard = new MemoryShard();
    [1, 2, 3].forEach((n) => {
      shard.add({ n }, at(n));
    });
    const spec = mappingSpec('kinesis', ARN, { batchSize: 2, tumblingWindowInSeconds: 60 });
    const counting = (event: { Records: unknown[]; state: { count?: number } }) => ({ state: { count: (event.state.count ?? 0) + event.Records.length } });
    const before = fakeFunction(counting);
    const first = run(dir, shard, spec, before, clock);
    await eventually(() => expect(seen(before)).toEqual([1, 2, 3]));
    await first.stop();
    shard.add({ n: 4 }, at(20));
    shard.add({ n: 5 }, at(70));

    // Act
    const after = fakeFunction(counting);
    const second = run(dir, shard, spec, after, clock);

    // Assess: record 4 joins the window with the state of the first run; the window then closes with all four.
    await eventually(() =>
      expect(after.calls.map((call) => [call.event.Records.length, call.event.state, call.event.isFinalInvokeForWindow])).toEqual([
        [1, { count: 3 }, false],
        [0, { count: 4 }, true],
        [1, {}, false],
      ]),
    );
    await second.stop();
  });

  it('starts afresh when the mapping now reads another source (a new mapping, as on AWS)', async () => {
    // Prepare
    const spec = mappingSpec('kinesis', ARN);
    new FileCheckpointStore(dir).open(spec).save(SHARD_ID, { sequenceNumber: '49000000000' });

    // Act
    const same = new FileCheckpointStore(dir).open(spec);
    const moved = new FileCheckpointStore(dir).open({ ...spec, eventSourceArn: streamArn('another') });

    // Assess
    expect([same.resumed, same.get(SHARD_ID)]).toEqual([true, { sequenceNumber: '49000000000' }]);
    expect([moved.resumed, moved.get(SHARD_ID)]).toEqual([false, undefined]);
  });

  it('replaces its file atomically and leaves no temporary file behind', async () => {
    // Prepare
    const spec = mappingSpec('kinesis', ARN);
    const checkpoints = new FileCheckpointStore(dir).open(spec);

    // Act
    for (let n = 0; n < 20; n += 1) checkpoints.save(SHARD_ID, { sequenceNumber: String(n) });

    // Assess
    expect(readdirSync(dir)).toEqual([`${spec.uuid}.json`]);
    expect(new FileCheckpointStore(dir).open(spec).get(SHARD_ID)).toEqual({ sequenceNumber: '19' });
    expect(existsSync(join(dir, `${spec.uuid}.json.${process.pid}.tmp`))).toBe(false);
  });

  it('begins a restarted LATEST mapping where it began, not at a new LATEST', async () => {
    // Prepare: nothing arrives before the first run stops; a record arrives while it is down.
    const clock = new ManualClock(at(10));
    const shard = new MemoryShard();
    shard.add({ n: 0 }, at(1));
    const spec = mappingSpec('kinesis', ARN, { startingPosition: 'LATEST' });
    const first = run(dir, shard, spec, fakeFunction(), clock);
    await stillAfter(50, () => {});
    await first.stop();

    // Assess
    expect(new FileCheckpointStore(dir).open(spec).get(SHARD_ID)).toEqual({ start: { type: 'AT_TIMESTAMP', timestamp: at(10) } });
  });
});
