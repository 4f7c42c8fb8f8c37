import { describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../aws/events/index.ts';

const input = {
  functionName: 'orders',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/orders',
  logStreamName: '2026/01/01/[$LATEST]abc',
  deadlineMs: 10_000,
};

describe('createLambdaContext', () => {
  it('counts the remaining time down to the deadline, never below zero', () => {
    // Prepare
    let now = 7_000;
    const context = createLambdaContext(input, undefined, () => now);

    // Act
    const before = context.getRemainingTimeInMillis();
    now = 12_000;
    const after = context.getRemainingTimeInMillis();

    // Assess
    expect(before).toBe(3_000);
    expect(after).toBe(0);
  });

  it('offers done, succeed and fail only where callbacks are supported, and routes them to completion', () => {
    // Prepare
    const completions: unknown[][] = [];
    const legacy = createLambdaContext(input, (error, result) => completions.push([error, result]));
    const modern = createLambdaContext(input);

    // Act
    legacy.succeed?.('ok');
    legacy.fail?.(new Error('no'));
    legacy.done?.(null, 'done');

    // Assess
    expect(completions).toEqual([
      [null, 'ok'],
      [new Error('no'), undefined],
      [null, 'done'],
    ]);
    expect(modern).not.toHaveProperty('succeed');
    expect(modern).not.toHaveProperty('done');
  });
});
