import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent, OrderPaid } from '../../../shared/events/index.ts';
import { createHandler, currentCorrelationId, logger } from '../../../shared/runtime/index.ts';
import { captureLogs, eventBridgeEvent, httpApiEvent, lambdaContext, type CapturedLogs } from '../../kit/index.ts';

const paid = createEvent(OrderPaid, { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' }, { correlationId: 'corr-42' });

/** The sample handler: logs one line and answers like an HTTP API integration. */
const handler = createHandler(async (_event: unknown) => {
  logger.info('Handling');
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
});

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs('INFO');
});
afterEach(() => {
  logs.restore();
});

describe('createHandler', () => {
  it("puts the EventBridge event's correlation id on every log line, with the Lambda context", async () => {
    // Act
    await handler(eventBridgeEvent(paid), lambdaContext({ functionName: 'record-payment', awsRequestId: 'req-1' }));

    // Assess
    expect(logs.withMessage('Handling')[0]).toMatchObject({
      correlation_id: 'corr-42',
      function_name: 'record-payment',
      function_request_id: 'req-1',
      level: 'INFO',
    });
  });

  it.each([
    ['the x-correlation-id header', { headers: { 'X-Correlation-Id': 'corr-http' }, requestId: 'req-api' }, 'corr-http'],
    ['the API request id without that header', { requestId: 'req-api' }, 'req-api'],
  ])('correlates an HTTP API request by %s and echoes it in the response', async (_case, request, expected) => {
    // Act
    const response = await handler(httpApiEvent(request), lambdaContext());

    // Assess
    expect(logs.withMessage('Handling')[0]?.correlation_id).toBe(expected);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'x-correlation-id': expected });
  });

  it('does not carry a correlation id over to the next invocation', async () => {
    // Act
    await handler(eventBridgeEvent(paid), lambdaContext());
    await handler({ job: 'nightly' }, lambdaContext());

    // Assess
    expect(logs.withMessage('Handling').map((line) => line.correlation_id)).toEqual(['corr-42', undefined]);
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('reads the correlation id where the options say', async () => {
    const custom = createHandler(async (_event: { traceId: string }) => logger.info('Handling'), { correlationId: (e) => (e as { traceId: string }).traceId });

    await custom({ traceId: 'trace-7' }, lambdaContext());

    expect(logs.withMessage('Handling')[0]?.correlation_id).toBe('trace-7');
  });

  it('keeps the per-invocation "no application metrics" notice out of the INFO and WARN logs', async () => {
    await handler(eventBridgeEvent(paid), lambdaContext());

    expect(logs.lines.filter((line) => String(line.message).startsWith('No application metrics'))).toEqual([]);
  });

  it('leaves non-HTTP responses untouched', async () => {
    const plain = createHandler(async (_event: unknown) => ({ statusCode: 200 }));

    expect(await plain(eventBridgeEvent(paid), lambdaContext())).toEqual({ statusCode: 200 });
  });
});
