import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityWindowEvent } from '../../../../functions/aggregate-activity/handler.ts';
import { ManualClock } from '../../../../local/clock.ts';
import { lambdaContext } from '../../../kit/index.ts';
import { fakeFunction } from '../../../../local/test/esm/support/fake-function.ts';
import { driveUntil, eventually } from '../../../../local/test/esm/support/harness.ts';
import { MemoryShard, pollShard, type RunningShard } from '../../../../local/test/esm/support/memory-shard.ts';
import { mappingSpec, streamArn } from '../../../../local/test/esm/support/topology.ts';
import { fakeStatsTable } from './support/fake-stats-table.ts';

vi.hoisted(() => {
  process.env.STATS_TABLE = 'ActivityStats';
  process.env.TRENDING_THRESHOLD = '3';
  process.env.EVENT_BUS_NAME = 'eventful-bus';
  delete process.env.CLAIM_CHECK_BUCKET;
});

const { handler } = await import('../../../../functions/aggregate-activity/handler.ts');

/*
 * The handler under our local event source mapping emulation (local/esm), configured as the activity
 * flow deploys it: tumbling windows, ReportBatchItemFailures, BisectBatchOnFunctionError, 3 retries.
 */
const table = fakeStatsTable();
const eventBridge = mockClient(EventBridgeClient);
eventBridge
  .on(PutEventsCommand)
  .callsFake((input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })) }));

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;
const view = (n: number) => ({ type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: new Date(at(n)).toISOString(), eventId: `e-${n}` });

let running: RunningShard | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('aggregate-activity on the local event source mapping', () => {
  it('sends a poison record alone to the on-failure destination and counts every other record once', async () => {
    // Prepare
    const shard = new MemoryShard();
    [1, 2].forEach((n) => {
      shard.add(view(n), at(n));
    });
    const poison = shard.add('{"type": "product_view", "userId": ', at(3));
    [4, 5].forEach((n) => {
      shard.add(view(n), at(n));
    });
    const fn = fakeFunction((event: ActivityWindowEvent) => handler(event, lambdaContext({ functionName: 'aggregate-activity' })));
    const clock = new ManualClock(at(10));
    const spec = mappingSpec('kinesis', streamArn('activity'), {
      tumblingWindowInSeconds: 60,
      reportBatchItemFailures: true,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      onFailureDestination: 'arn:aws:sqs:us-east-1:000000000000:aggregate-failures',
    });

    // Act
    running = pollShard(shard, spec, fn, clock);
    await eventually(() => expect(running!.activities.filter((a) => a.type === 'discarded')).toHaveLength(1));
    await driveUntil(clock, () => fn.calls.some((call) => call.event.isFinalInvokeForWindow), { stepMs: 10_000 });

    // Assess
    expect(running.activities.filter((a) => a.type === 'discarded')).toMatchObject([{ count: 1 }]);
    const label = new Map(shard.items.map((item, i) => [item.sequenceNumber, item.sequenceNumber === poison ? 'P' : `g${i + 1}`]));
    const invocations = fn.calls.map((call) => ({
      records: call.event.Records.map((record: { kinesis: { sequenceNumber: string } }) => label.get(record.kinesis.sequenceNumber)).join(','),
      final: call.event.isFinalInvokeForWindow,
      failed: call.outcome?.functionError !== undefined,
    }));
    expect(invocations).toEqual([
      { records: 'g1,g2,P,g4,g5', final: false, failed: false }, // partial: P reported, state holds g1 and g2
      { records: 'P,g4,g5', final: false, failed: true }, // P first: a function error, so Lambda bisects
      { records: 'P,g4', final: false, failed: true },
      { records: 'P', final: false, failed: true },
      { records: 'P', final: false, failed: true },
      { records: 'P', final: false, failed: true }, // retries used up: to the on-failure destination, alone
      { records: 'g4', final: false, failed: false },
      { records: 'g5', final: false, failed: false },
      { records: '', final: true, failed: false },
    ]);
    await eventually(() => expect(table.item('SKU-1', '2026-11-28T12:00:00.000Z')?.counts).toEqual({ product_view: 4, add_to_cart: 0, checkout: 0 }));
    const published = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(published.map((entry) => entry.DetailType)).toEqual(['ProductTrending']);
  });
});
