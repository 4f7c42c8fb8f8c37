import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { RequestTooLargeError } from '../../lambda/index.ts';
import type { FunctionSpec } from '../../topology/types.ts';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';
import { failsEveryTime, sleeps, succeedsOnAttempt } from './support/handlers.ts';
import { LOADED_MACHINE_WAIT } from '../support/patience.ts';

const app = fixtureApp();
afterAll(() => app.remove());

const FAILURE_QUEUE = 'arn:aws:sqs:us-east-1:000000000000:failures';
const DEAD_LETTER_QUEUE = 'arn:aws:sqs:us-east-1:000000000000:dead-letters';
const RESULTS_BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/results';

function asyncConfig(overrides: Partial<FunctionSpec['asyncConfig']> = {}): FunctionSpec['asyncConfig'] {
  return { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600, destinations: {}, ...overrides };
}

describe('asynchronous invoke (Event)', () => {
  it('accepts the event at once with 202 and an empty payload', async () => {
    // Prepare
    const clock = new ManualClock();
    const { service } = harness([app.bundle('accepts', { 'index.mjs': sleeps })], { clock });

    // Act
    const accepted = await service.invoke('accepts', { ms: 200 }, { invocationType: 'Event' });

    // Assess
    expect(accepted).toMatchObject({ statusCode: 202, payload: '', logs: [] });
    expect(service.pendingAsyncInvocations).toBe(1);
    await service.drained();
    expect(service.pendingAsyncInvocations).toBe(0);
  });

  it('rejects an asynchronous payload over 1 MB with RequestTooLargeException', async () => {
    // Prepare
    const { service } = harness([app.bundle('async-too-large', { 'index.mjs': sleeps })]);

    // Act
    const invoking = service.invoke('async-too-large', { blob: 'x'.repeat(1_048_576) }, { invocationType: 'Event' });

    // Assess
    await expect(invoking).rejects.toThrow(RequestTooLargeError);
    await expect(invoking).rejects.toThrow('Request must be smaller than 1048576 bytes');
  });

  it('retries a failing event twice, one then two minutes apart, and sends the record to the on-failure destination', async () => {
    // Prepare
    const clock = new ManualClock();
    const start = clock.now();
    const spec = app.bundle('fails-thrice', { 'index.mjs': failsEveryTime }, { asyncConfig: asyncConfig({ destinations: { onFailure: FAILURE_QUEUE } }) });
    const { service, deliveries, activitiesOf } = harness([spec], { clock });

    // Act
    const accepted = await service.invoke('fails-thrice', { orderId: 'o-1' }, { invocationType: 'Event' });
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);
    await clock.advance(60_000);
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(2), LOADED_MACHINE_WAIT);
    await clock.advance(120_000);
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Assess
    expect(activitiesOf('invoke').map(({ attempt, at, requestId }) => ({ attempt, at: at - start, requestId }))).toEqual([
      { attempt: 1, at: 0, requestId: accepted.requestId },
      { attempt: 2, at: 60_000, requestId: accepted.requestId },
      { attempt: 3, at: 180_000, requestId: accepted.requestId },
    ]);
    const [delivery] = deliveries;
    expect(delivery?.targetArn).toBe(FAILURE_QUEUE);
    expect(delivery?.payload).toEqual({
      version: '1.0',
      timestamp: new Date(start + 180_000).toISOString(),
      requestContext: {
        requestId: accepted.requestId,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fails-thrice:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { orderId: 'o-1' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'attempt 3 failed', trace: expect.arrayContaining(['Error: attempt 3 failed']) },
    });
    expect(delivery?.details).toMatchObject({
      reason: 'on-failure',
      functionName: 'fails-thrice',
      requestId: accepted.requestId,
      body: JSON.stringify(delivery?.payload),
      eventBridge: {
        source: 'lambda',
        detailType: 'Lambda Function Invocation Result - Failure',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fails-thrice:$LATEST',
      },
    });
  });

  it('sends the success record to the on-success destination after a retry succeeds', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle(
      'second-time-lucky',
      { 'index.mjs': succeedsOnAttempt(2) },
      { asyncConfig: asyncConfig({ destinations: { onSuccess: RESULTS_BUS } }) },
    );
    const { service, deliveries, activitiesOf } = harness([spec], { clock });

    // Act
    const accepted = await service.invoke('second-time-lucky', { orderId: 'o-2' }, { invocationType: 'Event' });
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);
    await clock.advance(60_000);
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Assess
    expect(deliveries[0]?.targetArn).toBe(RESULTS_BUS);
    expect(deliveries[0]?.payload).toMatchObject({
      requestContext: { requestId: accepted.requestId, condition: 'Success', approximateInvokeCount: 2 },
      requestPayload: { orderId: 'o-2' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { attempts: 2, orderId: 'o-2' },
    });
    expect((deliveries[0]!.payload as { responseContext: object }).responseContext).not.toHaveProperty('functionError');
    expect(deliveries[0]?.details.eventBridge?.detailType).toBe('Lambda Function Invocation Result - Success');
  });

  it('sends the original event, byte for byte, to the dead-letter queue with the attributes Lambda adds', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle(
      'dead-letters',
      { 'index.mjs': failsEveryTime },
      {
        asyncConfig: asyncConfig({ maximumRetryAttempts: 0 }),
        deadLetterArn: DEAD_LETTER_QUEUE,
      },
    );
    const { service, deliveries } = harness([spec], { clock });
    const body = '{ "orderId" : "o-3",  "lines": [1, 2] }';

    // Act
    const accepted = await service.invoke('dead-letters', new TextEncoder().encode(body), { invocationType: 'Event' });
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Assess
    expect(deliveries[0]).toEqual({
      targetArn: DEAD_LETTER_QUEUE,
      payload: { orderId: 'o-3', lines: [1, 2] },
      details: {
        reason: 'dead-letter',
        functionName: 'dead-letters',
        requestId: accepted.requestId,
        body,
        messageAttributes: {
          RequestID: { dataType: 'String', stringValue: accepted.requestId },
          ErrorCode: { dataType: 'Number', stringValue: '200' },
          ErrorMessage: { dataType: 'String', stringValue: 'attempt 1 failed' },
        },
      },
    });
  });

  it('sends to both the on-failure destination and the dead-letter queue when both are set', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle(
      'both-failure-paths',
      { 'index.mjs': failsEveryTime },
      {
        asyncConfig: asyncConfig({ maximumRetryAttempts: 0, destinations: { onFailure: FAILURE_QUEUE } }),
        deadLetterArn: DEAD_LETTER_QUEUE,
      },
    );
    const { service, deliveries } = harness([spec], { clock });

    // Act
    await service.invoke('both-failure-paths', {}, { invocationType: 'Event' });
    await vi.waitFor(() => expect(deliveries).toHaveLength(2), LOADED_MACHINE_WAIT);

    // Assess
    expect(deliveries.map((delivery) => [delivery.targetArn, delivery.details.reason]).sort()).toEqual(
      [
        [FAILURE_QUEUE, 'on-failure'],
        [DEAD_LETTER_QUEUE, 'dead-letter'],
      ].sort(),
    );
  });

  it('drops an event that outlives its maximum age to the failure path with EventAgeExceeded', async () => {
    // Prepare
    const clock = new ManualClock();
    const start = clock.now();
    const spec = app.bundle(
      'ages-out',
      { 'index.mjs': failsEveryTime },
      {
        asyncConfig: asyncConfig({ maximumEventAgeSeconds: 90, destinations: { onFailure: FAILURE_QUEUE } }),
      },
    );
    const { service, deliveries, activitiesOf } = harness([spec], { clock });

    // Act
    await service.invoke('ages-out', { orderId: 'o-4' }, { invocationType: 'Event' });
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);
    await clock.advance(60_000);
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(2), LOADED_MACHINE_WAIT);
    await clock.advance(30_000);
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Assess
    expect(activitiesOf('invoke')).toHaveLength(2);
    expect(deliveries[0]?.payload).toMatchObject({
      timestamp: new Date(start + 90_000).toISOString(),
      requestContext: { condition: 'EventAgeExceeded', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      responsePayload: { errorMessage: 'attempt 2 failed' },
    });
  });

  it('discards a failed event with nowhere to go, and says so', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle('nowhere-to-go', { 'index.mjs': failsEveryTime }, { asyncConfig: asyncConfig({ maximumRetryAttempts: 0 }) });
    const { service, deliveries, activitiesOf } = harness([spec], { clock });

    // Act
    const accepted = await service.invoke('nowhere-to-go', {}, { invocationType: 'Event' });
    await service.drained();

    // Assess
    expect(deliveries).toEqual([]);
    expect(activitiesOf('discarded')).toEqual([
      { type: 'discarded', functionName: 'nowhere-to-go', requestId: accepted.requestId, condition: 'RetriesExhausted', at: clock.now() },
    ]);
  });

  it('retries a throttled event with exponential backoff without counting it as an attempt', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle(
      'throttled-async',
      { 'index.mjs': sleeps },
      {
        reservedConcurrency: 1,
        asyncConfig: asyncConfig({ destinations: { onSuccess: RESULTS_BUS } }),
      },
    );
    const { service, deliveries, activitiesOf } = harness([spec], { clock });
    const busy = service.invoke('throttled-async', { ms: 1_500 });
    await vi.waitFor(() => expect(activitiesOf('invoke')).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Act
    await service.invoke('throttled-async', { ms: 0 }, { invocationType: 'Event' });
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);
    await clock.advance(1_000);
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(2), LOADED_MACHINE_WAIT);
    await busy;
    await clock.advance(2_000);
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Assess
    expect(activitiesOf('throttled').map((activity) => activity.invocationType)).toEqual(['Event', 'Event']);
    expect(activitiesOf('retry-scheduled').map(({ cause, delayMs, nextAttempt }) => ({ cause, delayMs, nextAttempt }))).toEqual([
      { cause: 'throttled', delayMs: 1_000, nextAttempt: 1 },
      { cause: 'throttled', delayMs: 2_000, nextAttempt: 1 },
    ]);
    expect(deliveries[0]?.payload).toMatchObject({ requestContext: { condition: 'Success', approximateInvokeCount: 1 } });
  });

  it('sends events for a function with reserved concurrency 0 straight to the dead-letter queue', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle('switched-off', { 'index.mjs': sleeps }, { reservedConcurrency: 0, deadLetterArn: DEAD_LETTER_QUEUE });
    const { service, deliveries, activitiesOf } = harness([spec], { clock });

    // Act
    await service.invoke('switched-off', { orderId: 'o-5' }, { invocationType: 'Event' });
    await service.drained();

    // Assess
    expect(activitiesOf('invoke')).toEqual([]);
    expect(deliveries[0]?.details.messageAttributes?.['ErrorCode']).toEqual({ dataType: 'Number', stringValue: '429' });
  });

  it('reports a destination that cannot be reached instead of failing silently', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle(
      'unreachable-destination',
      { 'index.mjs': failsEveryTime },
      {
        asyncConfig: asyncConfig({ maximumRetryAttempts: 0, destinations: { onFailure: FAILURE_QUEUE } }),
      },
    );
    const { service, activitiesOf } = harness([spec], {
      clock,
      deliver: async () => {
        throw new Error('AWS.SimpleQueueService.NonExistentQueue');
      },
    });

    // Act
    await service.invoke('unreachable-destination', {}, { invocationType: 'Event' });
    await service.drained();

    // Assess
    expect(activitiesOf('delivery-failed')).toMatchObject([
      { reason: 'on-failure', targetArn: FAILURE_QUEUE, error: 'AWS.SimpleQueueService.NonExistentQueue' },
    ]);
  });

  it('abandons events waiting to be retried when the service stops', async () => {
    // Prepare
    const clock = new ManualClock();
    const spec = app.bundle('abandoned', { 'index.mjs': failsEveryTime }, { asyncConfig: asyncConfig({ destinations: { onFailure: FAILURE_QUEUE } }) });
    const { service, deliveries, activitiesOf } = harness([spec], { clock });
    await service.invoke('abandoned', {}, { invocationType: 'Event' });
    await vi.waitFor(() => expect(activitiesOf('retry-scheduled')).toHaveLength(1), LOADED_MACHINE_WAIT);

    // Act
    await service.stop();
    await service.drained();

    // Assess
    expect(service.pendingAsyncInvocations).toBe(0);
    expect(clock.pending).toBe(0);
    expect(deliveries).toEqual([]);
  });
});
