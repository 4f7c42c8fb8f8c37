import { describe, expect, it } from 'vitest';
import { TargetDeliveryError } from '../../eventbridge/index.ts';
import type { TargetSpec } from '../../topology/types.ts';
import { entryOf, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { BILLING_FUNCTION, DEAD_LETTERS, rule, target, topology } from './support/topology.ts';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
const missingFunction = () =>
  Object.assign(new Error('Function not found: billing'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });

function billing(settings: Partial<TargetSpec>, options: { random?: () => number } = {}) {
  const placed = rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('billing', BILLING_FUNCTION, settings)] });
  return { placed, ...harness(topology({ rules: [placed] }), options) };
}

describe('retry policy and dead-letter queues', () => {
  it('retries a throttled target with exponential backoff on the clock until it succeeds', async () => {
    // Prepare
    const { service, clock, failCalls, callsTo, activitiesOf } = billing({});
    failCalls(BILLING_FUNCTION, throttled, 3);

    // Act
    service.putEvents([entryOf(orderPlaced())]);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(1);
    await clock.advance(500);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(2);
    await clock.advance(1_000);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(3);
    await clock.advance(1_999);
    const beforeThirdRetry = callsTo(BILLING_FUNCTION).length;
    await clock.advance(1);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(beforeThirdRetry).toBe(0);
    expect(activitiesOf('retry-scheduled').map(({ delayMs, attempt, errorCode }) => ({ delayMs, attempt, errorCode }))).toEqual([
      { delayMs: 500, attempt: 2, errorCode: 'THROTTLING' },
      { delayMs: 1_000, attempt: 3, errorCode: 'THROTTLING' },
      { delayMs: 2_000, attempt: 4, errorCode: 'THROTTLING' },
    ]);
    expect(activitiesOf('delivered')[0]).toMatchObject({ attempt: 4 });
  });

  it.each([
    [0, [500, 1_000, 2_000, 4_000]],
    [0.5, [750, 1_500, 3_000, 6_000]],
    [0.999_999, [1_000, 2_000, 4_000, 8_000]],
  ])('spreads each wait between half and all of its step (jitter %s)', async (jitter, delays) => {
    // Prepare
    const { service, clock, failCalls, activitiesOf } = billing(
      { retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3_600 } },
      { random: () => jitter },
    );
    failCalls(BILLING_FUNCTION, throttled);

    // Act
    service.putEvents([entryOf(orderPlaced())]);
    for (const delay of delays) {
      await expect.poll(() => activitiesOf('retry-scheduled').length).toBeGreaterThan(delays.indexOf(delay));
      await clock.advance(delay);
    }

    // Assess
    expect(activitiesOf('retry-scheduled').map((activity) => activity.delayMs)).toEqual(delays);
  });

  it('caps each wait at 10 minutes', async () => {
    // Prepare
    const { service, clock, failCalls, activitiesOf } = billing(
      { retryPolicy: { maximumRetryAttempts: 12, maximumEventAgeInSeconds: 86_400 } },
      { random: () => 0.999_999 },
    );
    failCalls(BILLING_FUNCTION, throttled);

    // Act
    service.putEvents([entryOf(orderPlaced())]);
    for (let retry = 1; retry <= 12; retry++) {
      await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(retry);
      await clock.advance(activitiesOf('retry-scheduled').at(-1)!.delayMs);
    }

    // Assess
    expect(activitiesOf('retry-scheduled').at(-1)!.delayMs).toBe(600_000);
    expect(Math.max(...activitiesOf('retry-scheduled').map((activity) => activity.delayMs))).toBe(600_000);
  });

  it('sends the event to the DLQ with the attributes AWS adds once the retries run out', async () => {
    // Prepare
    const { placed, service, clock, failCalls, callsTo, activitiesOf } = billing({
      retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3_600 },
      deadLetterArn: DEAD_LETTERS,
    });
    failCalls(BILLING_FUNCTION, throttled);

    // Act
    const { Entries } = service.putEvents([entryOf(orderPlaced({ correlationId: 'corr-dlq' }))]);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(1);
    await clock.advance(500);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(2);
    await clock.advance(1_000);

    // Assess
    await expect.poll(() => activitiesOf('dead-lettered')).toHaveLength(1);
    const [letter] = callsTo(DEAD_LETTERS);
    expect(JSON.parse(letter!.payload)).toMatchObject({ id: Entries[0]!.EventId, 'detail-type': 'OrderPlaced' });
    expect(letter!.messageAttributes).toEqual({
      RULE_ARN: { dataType: 'String', stringValue: placed.arn },
      TARGET_ARN: { dataType: 'String', stringValue: BILLING_FUNCTION },
      ERROR_CODE: { dataType: 'String', stringValue: 'THROTTLING' },
      ERROR_MESSAGE: { dataType: 'String', stringValue: 'Rate exceeded' },
      EXHAUSTED_RETRY_CONDITION: { dataType: 'String', stringValue: 'MaximumRetryAttempts' },
      RETRY_ATTEMPTS: { dataType: 'String', stringValue: '2' },
    });
    expect(activitiesOf('dead-lettered')[0]).toMatchObject({
      correlationId: 'corr-dlq',
      deadLetterArn: DEAD_LETTERS,
      exhaustedRetryCondition: 'MaximumRetryAttempts',
    });
  });

  it('stops retrying when the event reaches its maximum age, without waiting for the next retry', async () => {
    // Prepare
    const { service, clock, failCalls, callsTo, activitiesOf } = billing(
      { retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 }, deadLetterArn: DEAD_LETTERS },
      { random: () => 0.999_999 },
    );
    failCalls(BILLING_FUNCTION, throttled);
    const start = clock.now();

    // Act
    service.putEvents([entryOf(orderPlaced())]);
    while (activitiesOf('dead-lettered').length === 0) {
      await expect.poll(() => activitiesOf('retry-scheduled').length + activitiesOf('dead-lettered').length).toBeGreaterThan(0);
      const next = activitiesOf('retry-scheduled').at(-1)!;
      await clock.advance(Math.min(next.delayMs, start + 60_000 - clock.now()));
      await new Promise((resolve) => setImmediate(resolve));
    }

    // Assess
    expect(clock.now() - start).toBe(60_000);
    expect(callsTo(DEAD_LETTERS)[0]!.messageAttributes).toMatchObject({
      EXHAUSTED_RETRY_CONDITION: { stringValue: 'MaximumEventAgeInSeconds' },
      RETRY_ATTEMPTS: { stringValue: String(activitiesOf('retry-scheduled').length - 1) },
    });
    expect(activitiesOf('retry-scheduled').map((activity) => activity.delayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('sends a non-retriable failure to the DLQ at once, without a retry condition', async () => {
    // Prepare
    const { service, failCalls, callsTo, activitiesOf } = billing({ deadLetterArn: DEAD_LETTERS });
    failCalls(BILLING_FUNCTION, missingFunction);

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('dead-lettered')).toHaveLength(1);
    expect(activitiesOf('retry-scheduled')).toHaveLength(0);
    const attributes = callsTo(DEAD_LETTERS)[0]!.messageAttributes!;
    expect(attributes).toMatchObject({
      ERROR_CODE: { stringValue: 'NO_RESOURCE' },
      ERROR_MESSAGE: { stringValue: 'Function not found: billing' },
      RETRY_ATTEMPTS: { stringValue: '0' },
    });
    expect(attributes).not.toHaveProperty('EXHAUSTED_RETRY_CONDITION');
  });

  it.each([
    ['a dispatcher saying it is not retriable', () => new TargetDeliveryError('NO_PERMISSIONS', 'denied', { retriable: false }), 'NO_PERMISSIONS', false],
    ['a dispatcher saying it is retriable', () => new TargetDeliveryError('TIMEOUT', 'slow', { retriable: true }), 'TIMEOUT', true],
    [
      'a 4xx client error',
      () => Object.assign(new Error('bad'), { name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } }),
      'SDK_CLIENT_ERROR',
      false,
    ],
    ['a 5xx server error', () => Object.assign(new Error('oops'), { name: 'ServiceException', $metadata: { httpStatusCode: 500 } }), 'ERROR_FROM_TARGET', true],
    ['a refused connection', () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'CONNECTION_FAILURE', true],
  ])('classifies %s', async (_case, error, code, retried) => {
    // Prepare
    const { service, failCalls, activitiesOf } = billing({ retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 } });
    failCalls(BILLING_FUNCTION, error, 1);

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('retry-scheduled').length + activitiesOf('dropped').length).toBe(1);
    expect(activitiesOf('retry-scheduled').length === 1).toBe(retried);
    expect([...activitiesOf('retry-scheduled'), ...activitiesOf('dropped')][0]).toMatchObject({ errorCode: code });
  });

  it('drops the event without a DLQ, as AWS does, and reports why', async () => {
    // Prepare
    const { service, clock, failCalls, activitiesOf } = billing({ retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 } });
    failCalls(BILLING_FUNCTION, throttled);

    // Act
    service.putEvents([entryOf(orderPlaced({ correlationId: 'corr-lost' }))]);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(1);
    await clock.advance(500);

    // Assess
    await expect.poll(() => activitiesOf('dropped')).toHaveLength(1);
    expect(activitiesOf('dropped')[0]).toMatchObject({
      reason: 'MaximumRetryAttempts',
      errorCode: 'THROTTLING',
      correlationId: 'corr-lost',
      targetArn: BILLING_FUNCTION,
    });
  });

  it('reports an event lost when its DLQ cannot take it', async () => {
    // Prepare
    const { service, failCalls, activitiesOf } = billing({ deadLetterArn: DEAD_LETTERS });
    failCalls(BILLING_FUNCTION, missingFunction);
    failCalls(DEAD_LETTERS, () => Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' }));

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('dropped')).toHaveLength(1);
    expect(activitiesOf('dropped')[0]).toMatchObject({ reason: 'dead-letter-failed', errorCode: 'NO_RESOURCE' });
    expect(activitiesOf('dead-lettered')).toHaveLength(0);
  });

  it('abandons waiting retries when stopped', async () => {
    // Prepare
    const { service, clock, failCalls, callsTo, activitiesOf } = billing({ deadLetterArn: DEAD_LETTERS });
    failCalls(BILLING_FUNCTION, throttled, 1);
    service.putEvents([entryOf(orderPlaced())]);
    await expect.poll(() => activitiesOf('retry-scheduled')).toHaveLength(1);

    // Act
    service.stop();
    await clock.advance(10_000);
    await service.drained();

    // Assess
    expect(callsTo(BILLING_FUNCTION)).toHaveLength(0);
    expect(service.pending).toBe(0);
  });
});
