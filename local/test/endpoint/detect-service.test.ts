import { describe, expect, it } from 'vitest';
import { detectService } from '../../endpoint/index.ts';

const signedFor = (service: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`,
});

describe('detectService', () => {
  it.each([
    ['events', { ...signedFor('events'), 'x-amz-target': 'AWSEvents.PutEvents' }, '/', 'events'],
    ['dynamodb', { ...signedFor('dynamodb'), 'x-amz-target': 'DynamoDB_20120810.PutItem' }, '/', 'dynamodb'],
    ['DynamoDB Streams, which signs as dynamodb', { ...signedFor('dynamodb'), 'x-amz-target': 'DynamoDBStreams_20120810.GetRecords' }, '/', 'dynamodb-streams'],
    ['kinesis', { ...signedFor('kinesis'), 'x-amz-target': 'Kinesis_20131202.PutRecords' }, '/', 'kinesis'],
    ['sqs (JSON)', { ...signedFor('sqs'), 'x-amz-target': 'AmazonSQS.SendMessage' }, '/', 'sqs'],
    ['sqs (query, posted to a queue path)', signedFor('sqs'), '/000000000000/jobs', 'sqs'],
    ['s3 on a path that looks like a queue', signedFor('s3'), '/000000000000/jobs', 's3'],
    ['lambda', signedFor('lambda'), '/2015-03-31/functions/f/invocations', 'lambda'],
    ['secretsmanager', { ...signedFor('secretsmanager'), 'x-amz-target': 'secretsmanager.GetSecretValue' }, '/', 'secretsmanager'],
  ])('routes %s by the credential scope', (_case, headers, url, service) => {
    // Act
    const detection = detectService({ method: 'POST', url, headers });

    // Assess
    expect(detection.service).toBe(service);
  });

  it.each([
    ['X-Amz-Target', { 'x-amz-target': 'Kinesis_20131202.GetRecords' }, '/', 'kinesis'],
    ['the Secrets Manager X-Amz-Target', { 'x-amz-target': 'secretsmanager.DescribeSecret' }, '/', 'secretsmanager'],
    ['a presigned URL', {}, '/bucket/key?X-Amz-Credential=AKID%2F20261129%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=1', 's3'],
    ['the Lambda Invoke path', {}, '/2015-03-31/functions/orders-api/invocations?Qualifier=1', 'lambda'],
    ['a path-style S3 path', {}, '/imports/products.csv', 's3'],
  ])('falls back to %s for unsigned requests', (_case, headers, url, service) => {
    // Act
    const detection = detectService({ method: 'GET', url, headers });

    // Assess
    expect(detection.service).toBe(service);
  });

  it.each([
    ['a signing name we do not serve', signedFor('sns'), 'sns'],
    ['an X-Amz-Target we do not serve', { 'x-amz-target': 'AWSStepFunctions.StartExecution' }, 'AWSStepFunctions.StartExecution'],
    ['a signing name every object inherits (constructor)', signedFor('constructor'), 'constructor'],
    ['a signing name every object inherits (__proto__)', signedFor('__proto__'), '__proto__'],
  ])('names %s as unknown', (_case, headers, name) => {
    // Act
    const detection = detectService({ method: 'POST', url: '/', headers });

    // Assess
    expect(detection).toMatchObject({ service: 'unknown', name });
  });
});
