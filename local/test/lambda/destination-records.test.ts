import { describe, expect, it } from 'vitest';
import { deadLetter, invocationRecord } from '../../lambda/destination-records.ts';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders';
const failed = (errorMessage: string) => ({
  ok: false as const,
  timedOut: false,
  logs: [],
  error: { errorType: 'Error', errorMessage, trace: [] },
});

describe('invocationRecord', () => {
  it('names the $LATEST version and carries the last response', () => {
    // Act
    const record = invocationRecord({
      timestamp: Date.UTC(2026, 0, 1, 12),
      requestId: 'req-1',
      functionArn: FUNCTION_ARN,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      event: '{"orderId":"o-1"}',
      last: failed('boom'),
    });

    // Assess
    expect(record).toEqual({
      version: '1.0',
      timestamp: '2026-01-01T12:00:00.000Z',
      requestContext: { requestId: 'req-1', functionArn: `${FUNCTION_ARN}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { orderId: 'o-1' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom', trace: [] },
    });
  });

  it('says 429 and carries no response for an event that never ran', () => {
    // Act
    const record = invocationRecord({
      timestamp: 0,
      requestId: 'req-2',
      functionArn: FUNCTION_ARN,
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 0,
      event: '{}',
    });

    // Assess
    expect(record.responseContext).toEqual({ statusCode: 429, executedVersion: '$LATEST' });
    expect(record).not.toHaveProperty('responsePayload');
  });
});

describe('deadLetter', () => {
  it('truncates ErrorMessage to 1 KB without splitting a character', () => {
    // Prepare
    const message = `${'x'.repeat(1_023)}é and more`;

    // Act
    const letter = deadLetter({ requestId: 'req-3', event: '{}', last: failed(message) });

    // Assess
    expect(letter.messageAttributes['ErrorMessage']?.stringValue).toBe('x'.repeat(1_023));
  });

  it('keeps a short message whole and the event as it came', () => {
    // Act
    const letter = deadLetter({ requestId: 'req-4', event: '{ "a" : 1 }', last: failed('short') });

    // Assess
    expect(letter).toEqual({
      body: '{ "a" : 1 }',
      messageAttributes: {
        RequestID: { dataType: 'String', stringValue: 'req-4' },
        ErrorCode: { dataType: 'Number', stringValue: '200' },
        ErrorMessage: { dataType: 'String', stringValue: 'short' },
      },
    });
  });
});
