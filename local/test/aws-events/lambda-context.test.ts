import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../aws/events/index.ts';

describe('lambdaContext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('names the function in its ARN, log group and log stream', () => {
    const context = lambdaContext({ functionName: 'reserve-inventory' });

    expect(context).toMatchObject({
      functionName: 'reserve-inventory',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:reserve-inventory',
      logGroupName: '/aws/lambda/reserve-inventory',
      memoryLimitInMB: '1024',
    });
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('counts the remaining time down from the timeout', () => {
    // Prepare
    vi.useFakeTimers();
    const context = lambdaContext({ timeoutMs: 3000 });

    // Act
    vi.advanceTimersByTime(1000);

    // Assess
    expect(context.getRemainingTimeInMillis()).toBe(2000);
  });

  it('refuses the deprecated callback methods', () => {
    expect(() => lambdaContext().succeed('x')).toThrow(/deprecated/);
  });
});
