import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { HttpRequest } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineSigner } from '../../engines/engine-signer.ts';
import { startEngines, type Engines } from '../../engines/start-engines.ts';
import { hasAwsSignature } from '../../endpoint/request-guard.ts';

const REGION = 'eu-west-1';
const config = (endpoint: string) => ({
  endpoint,
  region: REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  signer: engineSigner({ accessKeyId: 'local', region: REGION }),
});

describe('engineSigner', () => {
  it('writes a SigV4-shaped Authorization header with the access key, date, region and service, without hashing the request', async () => {
    // Arrange
    const request = { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', headers: { host: '127.0.0.1' }, body: '{}' } as HttpRequest;

    // Act
    const signed = await engineSigner({ accessKeyId: 'local', region: REGION }).sign(request, {
      signingDate: new Date('2026-12-07T03:04:05.678Z'),
      signingService: 'sqs',
    });

    // Assess
    expect(signed.headers['x-amz-date']).toBe('20261207T030405Z');
    expect(signed.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/20261207\/eu-west-1\/sqs\/aws4_request, SignedHeaders=host;x-amz-date, Signature=0{64}$/,
    );
    expect(hasAwsSignature({ headers: signed.headers, url: '/' } as Parameters<typeof hasAwsSignature>[0])).toBe(true);
  });

  describe('against the engines', () => {
    let engines: Engines;

    beforeAll(async () => {
      engines = await startEngines({ log: () => {} });
    });
    afterAll(async () => {
      await engines?.stop();
    });

    it('is accepted by DynamoDB Local and its streams, kinesalite and fauxqs', async () => {
      // Arrange
      const dynamodb = new DynamoDBClient(config(engines.dynamodb.endpoint));
      const streams = new DynamoDBStreamsClient(config(engines.dynamodb.endpoint));
      const kinesis = new KinesisClient(config(engines.kinesis.endpoint));
      const sqs = new SQSClient(config(engines.sqs.endpoint));

      // Act
      const table = await dynamodb.send(
        new CreateTableCommand({
          TableName: 'signed',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        }),
      );
      const tables = await dynamodb.send(new ListTablesCommand({}));
      const stream = await streams.send(new DescribeStreamCommand({ StreamArn: table.TableDescription?.LatestStreamArn }));
      await kinesis.send(new CreateStreamCommand({ StreamName: 'signed', ShardCount: 1 }));
      const kinesisStreams = await kinesis.send(new ListStreamsCommand({}));
      const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'signed' }));
      const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }));

      // Assess
      expect(tables.TableNames).toEqual(['signed']);
      expect(stream.StreamDescription?.TableName).toBe('signed');
      expect(kinesisStreams.StreamNames).toEqual(['signed']);
      expect(attributes.Attributes?.['QueueArn']).toMatch(/:signed$/);
    });
  });
});
