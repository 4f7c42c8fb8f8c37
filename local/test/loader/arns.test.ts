import { describe, expect, it } from 'vitest';
import { eventBusNameOf, functionNameOf, parseArn, queueUrl } from '../../loader/arns.ts';
import { targetKind } from '../../loader/builders/targets.ts';
import { lambdaArnOfIntegrationUri } from '../../loader/builders/http-apis.ts';

describe('ARN helpers', () => {
  it.each([
    ['worker', 'worker'],
    ['worker:live', 'worker'],
    ['arn:aws:lambda:us-east-1:000000000000:function:worker', 'worker'],
    ['arn:aws:lambda:us-east-1:000000000000:function:worker:7', 'worker'],
    ['000000000000:function:worker:live', 'worker'],
  ])('takes the function name out of %s', (reference, expected) => {
    // Assess
    expect(functionNameOf(reference)).toBe(expected);
  });

  it.each([
    ['orders-bus', 'orders-bus'],
    ['arn:aws:events:us-east-1:000000000000:event-bus/orders-bus', 'orders-bus'],
    ['default', 'default'],
  ])('takes the bus name out of %s', (reference, expected) => {
    // Assess
    expect(eventBusNameOf(reference)).toBe(expected);
  });

  it.each([
    ['arn:aws:lambda:us-east-1:000000000000:function:worker', 'lambda'],
    ['arn:aws:lambda:us-east-1:000000000000:function:worker:live', 'lambda'],
    ['arn:aws:sqs:us-east-1:000000000000:orders.fifo', 'sqs'],
    ['arn:aws:kinesis:us-east-1:000000000000:stream/clicks', 'kinesis'],
    ['arn:aws:events:us-east-1:000000000000:event-bus/orders-bus', 'event-bus'],
    ['arn:aws:sns:us-east-1:000000000000:alerts', 'unsupported'],
    ['arn:aws:states:us-east-1:000000000000:stateMachine:flow', 'unsupported'],
    ['arn:aws:events:us-east-1:000000000000:api-destination/hook/1', 'unsupported'],
    ['arn:aws:scheduler:::aws-sdk:sqs:sendMessage', 'unsupported'],
    ['not-an-arn', 'unsupported'],
  ])('classifies target %s as %s', (arn, kind) => {
    // Assess
    expect(targetKind(arn)).toBe(kind);
  });

  it.each([
    ['arn:aws:lambda:us-east-1:000000000000:function:worker', 'arn:aws:lambda:us-east-1:000000000000:function:worker'],
    [
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:worker/invocations',
      'arn:aws:lambda:us-east-1:000000000000:function:worker',
    ],
    ['https://example.com/orders', undefined],
  ])('reads the Lambda ARN of integration URI %s', (uri, expected) => {
    // Assess
    expect(lambdaArnOfIntegrationUri(uri)).toBe(expected);
  });

  it('splits an ARN into service, region, account and resource', () => {
    // Assess
    expect(parseArn('arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2020-01-01T00:00:00.000')).toEqual({
      service: 'dynamodb',
      region: 'us-east-1',
      accountId: '000000000000',
      resource: 'table/orders/stream/2020-01-01T00:00:00.000',
    });
  });

  it('builds path-style queue URLs whatever the endpoint’s trailing slash', () => {
    // Assess
    expect(queueUrl('http://localhost:4566/', '000000000000', 'orders')).toBe('http://localhost:4566/000000000000/orders');
  });
});
