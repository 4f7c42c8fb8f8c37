import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { FileAsyncInvocationStore } from '../../lambda/index.ts';
import type { FunctionSpec } from '../../topology/types.ts';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';
import { failsEveryTime, sleeps } from './support/handlers.ts';
import { LOADED_MACHINE_WAIT } from '../support/patience.ts';

const app = fixtureApp();
afterAll(() => app.remove());

const FAILURE_QUEUE = 'arn:aws:sqs:us-east-1:000000000000:failures';

function asyncConfig(overrides: Partial<FunctionSpec['asyncConfig']> = {}): FunctionSpec['asyncConfig'] {
  return { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600, destinations: {}, ...overrides };
}

describe('draining the Lambda service (an orderly stop)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eventful-async-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets an execution running at the drain finish before it resolves', async () => {
    // Prepare
    const { service } = harness([app.bundle('slow', { 'index.mjs': sleeps })]);
    const invocation = service.invoke('slow', { ms: 300 });
    await vi.waitFor(() => expect(service.executions()).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Act
    await service.drain();

    // Assess
    expect(service.executions()).toEqual([]);
    await expect(invocation).resolves.toMatchObject({ statusCode: 200, response: { slept: 300 } });
  });

  it('keeps an event waiting for its retry for the next run, which makes its next attempt', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle(
      'fails',
      { 'index.mjs': failsEveryTime },
      { asyncConfig: asyncConfig({ maximumRetryAttempts: 1, destinations: { onFailure: FAILURE_QUEUE } }) },
    );
    const path = join(dir, 'async-invocations.json');
    const first = harness([spec], { clock, asyncStore: new FileAsyncInvocationStore(path) });
    const accepted = await first.service.invoke('fails', { orderId: 'o-1' }, { invocationType: 'Event' });
    await vi.waitFor(() => expect(first.activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Act
    const { asyncLeft } = await first.service.drain();
    await first.service.stop();
    const second = harness([spec], { clock, asyncStore: new FileAsyncInvocationStore(path) });
    const resumed = second.service.resumeAsyncInvocations();
    await clock.advance(60_000);

    // Assess
    expect([asyncLeft, resumed]).toEqual([1, 1]);
    await vi.waitFor(() => expect(second.deliveries).toHaveLength(1), LOADED_MACHINE_WAIT);
    expect(second.activitiesOf('invoke').map(({ attempt, requestId }) => ({ attempt, requestId }))).toEqual([{ attempt: 2, requestId: accepted.requestId }]);
    expect(second.deliveries[0]?.payload).toMatchObject({
      requestContext: { requestId: accepted.requestId, condition: 'RetriesExhausted', approximateInvokeCount: 2 },
    });
    expect(new FileAsyncInvocationStore(path).load()).toEqual([]);
  });

  it('runs after a kill an event accepted just before it (the store has it from acceptance)', async () => {
    // Prepare: the first run accepts an event and is never stopped (as if killed).
    const clock = new ManualClock();
    const spec = app.bundle('quick', { 'index.mjs': sleeps });
    const path = join(dir, 'async-invocations.json');
    const store = new FileAsyncInvocationStore(path);
    store.put({
      requestId: 'r-1',
      functionName: 'quick',
      event: '{"ms":0}',
      invokedFunctionArn: spec.arn,
      acceptedAt: clock.now(),
      attempts: 0,
      throttles: 0,
      nextAttemptAt: clock.now(),
    });

    // Act
    const { service, activitiesOf } = harness([spec], { clock, asyncStore: new FileAsyncInvocationStore(path) });
    service.resumeAsyncInvocations();
    await service.drained();

    // Assess
    expect(activitiesOf('result')).toEqual([expect.objectContaining({ requestId: 'r-1', outcome: 'success' })]);
    expect(new FileAsyncInvocationStore(path).load()).toEqual([]);
  });

  it('without a store, counts the events it leaves unfinished', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle('fails-alone', { 'index.mjs': failsEveryTime }, { asyncConfig: asyncConfig() });
    const { service, activitiesOf } = harness([spec], { clock });
    await service.invoke('fails-alone', {}, { invocationType: 'Event' });
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Act
    const { asyncLeft } = await service.drain();

    // Assess
    expect(asyncLeft).toBe(1);
    expect(service.pendingAsyncInvocations).toBe(0);
  });
});
