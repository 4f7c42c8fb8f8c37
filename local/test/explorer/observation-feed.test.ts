import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../eventbridge/index.ts';
import { MAX_LOG_LINES_PER_INVOCATION, ObservationFeed, type Observation } from '../../explorer/observation-feed.ts';
import type { LambdaActivity } from '../../lambda/index.ts';

const AT = Date.parse('2026-12-01T10:00:00Z');

function envelope(id: string, detailType: string, correlationId: string): EventEnvelope {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'app.orders',
    account: '000000000000',
    time: '2026-12-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { metadata: { correlationId }, data: { orderId: 'order-1' } },
  };
}

function received(feed: ObservationFeed, id: string, detailType: string, correlationId: string, at = AT): void {
  feed.eventBridge({
    type: 'received',
    at,
    eventId: id,
    busName: 'app',
    correlationId,
    source: 'app.orders',
    detailType,
    event: envelope(id, detailType, correlationId),
  });
}

function invoke(feed: ObservationFeed, requestId: string, event: unknown, at = AT, functionName = 'app-Reserve'): void {
  feed.lambda({ type: 'invoke', at, functionName, requestId, invocationType: 'Event', coldStart: true, attempt: 1, event: JSON.stringify(event) });
}

function result(
  feed: ObservationFeed,
  requestId: string,
  outcome: Extract<LambdaActivity, { type: 'result' }>['outcome'],
  extra: Partial<LambdaActivity> = {},
): void {
  feed.lambda({
    type: 'result',
    at: AT,
    functionName: 'app-Reserve',
    requestId,
    invocationType: 'Event',
    outcome,
    durationMs: 12.4,
    ...extra,
  } as LambdaActivity);
}

function logLine(feed: ObservationFeed, requestId: string, message: string): void {
  feed.functionLine({ functionName: 'app-Reserve', requestId, stream: 'stdout', message, timestamp: AT });
}

const sqsBatch = (messages: { messageId: string; body: string }[]) => ({
  Records: messages.map(({ messageId, body }) => ({ messageId, body, eventSource: 'aws:sqs', receiptHandle: 'r', attributes: {} })),
});

describe('ObservationFeed', () => {
  it('keeps an event with the rules it matched and each delivery, retries and dead letters included', () => {
    // Prepare
    const feed = new ObservationFeed();
    // Act
    received(feed, 'e-1', 'OrderPlaced', 'c-1');
    feed.eventBridge({ type: 'matched', at: AT, eventId: 'e-1', busName: 'app', rules: ['ToInventory', 'ToProjection'] });
    const target = { ruleName: 'ToInventory', ruleArn: 'arn:rule', targetId: 'T0', targetArn: 'arn:aws:sqs:us-east-1:0:inventory' };
    feed.eventBridge({
      type: 'retry-scheduled',
      at: AT,
      eventId: 'e-1',
      busName: 'app',
      ...target,
      attempt: 1,
      delayMs: 100,
      errorCode: 'SQS_THROTTLED',
      errorMessage: 'slow down',
    } as never);
    feed.eventBridge({ type: 'delivered', at: AT, eventId: 'e-1', busName: 'app', ...target, attempt: 2 } as never);
    // Assess
    const [event] = feed.list();
    expect(event).toMatchObject({
      kind: 'event',
      detailType: 'OrderPlaced',
      correlationIds: ['c-1'],
      rules: ['ToInventory', 'ToProjection'],
      deliveries: [
        { status: 'retrying', attempt: 1, error: 'SQS_THROTTLED: slow down' },
        { status: 'delivered', attempt: 2 },
      ],
      truncated: false,
    });
    expect(JSON.parse((event as Extract<Observation, { kind: 'event' }>).json)).toEqual(envelope('e-1', 'OrderPlaced', 'c-1'));
  });

  it('reads the correlation ids of an SQS batch from the events in its bodies, and of each log line that names one', () => {
    // Prepare
    const feed = new ObservationFeed();
    const body = JSON.stringify(envelope('e-1', 'OrderPlaced', 'c-1'));
    // Act
    invoke(feed, 'req-1', sqsBatch([{ messageId: 'm-1', body }]));
    logLine(feed, 'req-1', `${JSON.stringify({ level: 'INFO', message: 'Stock reserved', correlation_id: 'c-2' })}\n`);
    result(feed, 'req-1', 'success');
    // Assess
    expect(feed.list()).toEqual([
      expect.objectContaining({
        kind: 'invocation',
        requestId: 'req-1',
        status: 'success',
        durationMs: 12,
        coldStart: true,
        correlationIds: ['c-1', 'c-2'],
        trigger: { kind: 'sqs', lines: ['message m-1 OrderPlaced'], messageIds: ['m-1'] },
        logs: [expect.objectContaining({ level: 'INFO', message: expect.stringContaining('Stock reserved') })],
      }),
    ]);
  });

  it('reads a correlation id from a DynamoDB stream record image', () => {
    // Prepare
    const feed = new ObservationFeed();
    const record = {
      eventSource: 'aws:dynamodb',
      eventName: 'INSERT',
      dynamodb: { Keys: { aggregateId: { S: 'o-1' } }, NewImage: { detailType: { S: 'OrderPlaced' }, correlationId: { S: 'c-9' } } },
    };
    // Act
    invoke(feed, 'req-1', { Records: [record] });
    // Assess
    expect(feed.list()[0]).toMatchObject({ correlationIds: ['c-9'], trigger: { kind: 'dynamodb', lines: ['INSERT OrderPlaced (aggregateId=o-1)'] } });
  });

  it('traces a correlation id in time order, with the HTTP request its first invocation answered', () => {
    // Prepare
    const feed = new ObservationFeed();
    invoke(feed, 'req-http', { version: '2.0', routeKey: 'POST /orders', requestContext: { requestId: 'api-1' } }, AT + 5);
    logLine(feed, 'req-http', JSON.stringify({ level: 'INFO', message: 'Order placed', correlation_id: 'api-1' }));
    result(feed, 'req-http', 'success');
    feed.http({
      type: 'request',
      at: AT,
      requestId: 'api-1',
      method: 'POST',
      path: '/orders',
      routeKey: 'POST /orders',
      status: 201,
      responseBytes: 10,
      latencyMs: 30,
      functionRequestId: 'req-http',
      sourceIp: '127.0.0.1',
      userAgent: 'test',
    });
    received(feed, 'e-1', 'OrderPlaced', 'api-1', AT + 50);
    received(feed, 'e-2', 'OrderPlaced', 'another', AT + 60);
    // Act
    const trace = feed.trace('api-1');
    // Assess
    expect(trace.map((o) => o.kind)).toEqual(['http', 'invocation', 'event']);
  });

  it('traces an id the events carry (an order id) through every flow whose events mention it', () => {
    // Prepare: the order placed over HTTP is one correlation, its payment by webhook another
    const feed = new ObservationFeed();
    received(feed, 'e-1', 'OrderPlaced', 'placing', AT);
    received(feed, 'e-2', 'OrderPaid', 'paying', AT + 10);
    invoke(feed, 'req-pay', { detail: { metadata: { correlationId: 'paying' } } }, AT + 20);
    received(feed, 'e-3', 'OrderPlaced', 'another-order', AT + 30);
    for (const event of feed.list()) if (event.kind === 'event' && event.eventId === 'e-3') event.json = event.json.replace('"order-1"', '"order-2"');
    // Act
    const trace = feed.trace('order-1');
    // Assess
    expect(trace.map((o) => (o.kind === 'event' ? o.eventId : o.kind))).toEqual(['e-1', 'e-2', 'invocation']);
    expect(feed.trace('1')).toEqual([]);
  });

  it('names the failure of each message a batch left to retry, from the error line that names it', () => {
    // Prepare
    const feed = new ObservationFeed();
    invoke(
      feed,
      'req-1',
      sqsBatch([
        { messageId: 'm-ok', body: '{}' },
        { messageId: 'm-bad', body: 'not json' },
      ]),
    );
    logLine(feed, 'req-1', JSON.stringify({ level: 'ERROR', message: 'Record rejected: not an event', itemIdentifier: 'm-bad' }));
    result(feed, 'req-1', 'success');
    // Act
    feed.esm({
      type: 'invoked',
      at: AT,
      mapping: 'uuid',
      functionName: 'app-Reserve',
      source: 'sqs',
      requestId: 'req-1',
      size: 2,
      outcome: 'partial',
      failed: 1,
      failedIds: ['m-bad'],
    });
    // Assess
    expect(feed.failureOf('m-bad')).toEqual({ at: AT, functionName: 'app-Reserve', requestId: 'req-1', reason: 'Record rejected: not an event' });
    expect(feed.failureOf('m-ok')).toBeUndefined();
    expect(feed.list()[0]).toMatchObject({ batch: { outcome: 'partial', failed: 1, size: 2 } });
  });

  it('falls back on the function error when no log line names the message', () => {
    // Prepare
    const feed = new ObservationFeed();
    invoke(feed, 'req-1', sqsBatch([{ messageId: 'm-1', body: 'x' }]));
    result(feed, 'req-1', 'error', { errorType: 'SyntaxError', errorMessage: 'Unexpected token x' });
    // Act
    feed.esm({
      type: 'invoked',
      at: AT,
      mapping: 'u',
      functionName: 'app-Reserve',
      source: 'sqs',
      requestId: 'req-1',
      size: 1,
      outcome: 'function-error',
      failed: 1,
      failedIds: ['m-1'],
    });
    // Assess
    expect(feed.failureOf('m-1')?.reason).toBe('SyntaxError: Unexpected token x');
  });

  it('keeps at most its capacity, forgetting the oldest and what pointed at it', () => {
    // Prepare
    const feed = new ObservationFeed({ capacity: 3 });
    // Act
    for (let i = 0; i < 10; i += 1) invoke(feed, `req-${i}`, {});
    logLine(feed, 'req-0', 'late line of a forgotten invocation');
    // Assess
    expect(feed.size).toBe(3);
    expect(feed.list().map((o) => (o as Extract<Observation, { kind: 'invocation' }>).requestId)).toEqual(['req-7', 'req-8', 'req-9']);
  });

  it('keeps the first log lines of a chatty invocation and counts the rest', () => {
    // Prepare
    const feed = new ObservationFeed();
    invoke(feed, 'req-1', {});
    // Act
    for (let i = 0; i < MAX_LOG_LINES_PER_INVOCATION + 7; i += 1) logLine(feed, 'req-1', `line ${i}`);
    // Assess
    const [invocation] = feed.list() as Extract<Observation, { kind: 'invocation' }>[];
    expect(invocation?.logs).toHaveLength(MAX_LOG_LINES_PER_INVOCATION);
    expect(invocation?.logsLeftOut).toBe(7);
  });

  it('tells its subscribers of each observation added and changed', () => {
    // Prepare
    const feed = new ObservationFeed();
    const seen: string[] = [];
    const unsubscribe = feed.subscribe((o) => seen.push(`${o.kind}#${o.seq}${o.kind === 'invocation' ? `:${o.status}` : ''}`));
    // Act
    invoke(feed, 'req-1', {});
    result(feed, 'req-1', 'timeout');
    unsubscribe();
    invoke(feed, 'req-2', {});
    // Assess
    expect(seen).toEqual(['invocation#1:running', 'invocation#1:timeout']);
  });
});
