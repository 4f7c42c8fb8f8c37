import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand as GetStreamRecordsCommand,
  GetShardIteratorCommand as GetStreamShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngines, type Engines, type EngineWrite } from '../../engines/index.ts';
import { startEndpoint, type LambdaInvoker, type RunningEndpoint } from '../../endpoint/index.ts';
import { provisionTopology, type ProvisionedTopology } from '../../provision/index.ts';
import { ACCOUNT, clientConfig, ordersTable, REGION, testTopology } from '../provision/support/topology.ts';

const run = promisify(execFile);

/** The AWS CLI smoke test runs where the CLI is installed (it is not a dependency). */
const awsCli = await run('aws', ['--version']).then(
  () => true,
  () => false,
);

describe('the local AWS endpoint', () => {
  const topology = testTopology();
  const eventsCalls: { target: string; body: string }[] = [];
  const invocations: { name: string; payload: string; invocationType?: string }[] = [];
  const writes: EngineWrite[] = [];
  let engines: Engines;
  let provisioned: ProvisionedTopology;
  let endpoint: RunningEndpoint;

  const fakeLambda: LambdaInvoker = {
    invoke: async (name, payload, options) => {
      invocations.push({
        name,
        payload: Buffer.from(payload as Uint8Array).toString('utf8'),
        ...(options?.invocationType ? { invocationType: options.invocationType } : {}),
      });
      const answer = JSON.stringify({ echoed: name });
      return { statusCode: 200, requestId: 'req-1', executedVersion: '$LATEST', payload: answer, response: JSON.parse(answer), logs: [] };
    },
  };

  beforeAll(async () => {
    engines = await startEngines();
    provisioned = await provisionTopology(topology, engines);
    endpoint = await startEndpoint({
      port: 0,
      engines,
      topology,
      arns: provisioned.arns,
      lambda: fakeLambda,
      eventsHandler: async (target, body) => {
        eventsCalls.push({ target, body });
        return { status: 200, body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-1' }] }) };
      },
      onEngineWrite: (write) => writes.push(write),
    });
  }, 60_000);

  afterAll(async () => {
    await endpoint?.close();
    await engines?.stop();
  });

  it('serves DynamoDB PutItem and GetItem on a provisioned table', async () => {
    // Prepare
    const dynamodb = new DynamoDBClient(clientConfig(endpoint.url));

    // Act
    await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'order#1' }, sk: { S: 'v1' }, total: { N: '42' } } }));
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'order#1' }, sk: { S: 'v1' } } }));

    // Assess
    expect(Item).toEqual({ pk: { S: 'order#1' }, sk: { S: 'v1' }, total: { N: '42' } });
  });

  it('tells of each write an engine accepted by the table, stream or queue written, and of no read or refused write', async () => {
    // Prepare
    const dynamodb = new DynamoDBClient(clientConfig(endpoint.url));
    const kinesis = new KinesisClient(clientConfig(endpoint.url));
    const sqs = new SQSClient(clientConfig(endpoint.url));
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs-dlq' }));
    const item = { pk: { S: 'order#told' }, sk: { S: 'v1' } };
    writes.length = 0;

    // Act
    await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: item }));
    await dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: item }));
    const refused = dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expect(refused).rejects.toThrow(/conditional request failed/i);
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'orders', Item: { pk: { S: 'order#told' }, sk: { S: 'v2' } } } },
          { Put: { TableName: 'stock', Item: { sku: { S: 'SKU-TOLD' } } } },
        ],
      }),
    );
    // Into the lower shard: the Kinesis test below reads the shard `user-1` hashes to (the upper one) from its start.
    await kinesis.send(
      new PutRecordsCommand({ StreamName: 'clicks', Records: [{ PartitionKey: 'told', ExplicitHashKey: '0', Data: new TextEncoder().encode('{}') }] }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'told' }));
    // Taken away again: the redrive test expects the DLQ to hold its poison message only.
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle! }));
    dynamodb.destroy();
    kinesis.destroy();
    sqs.destroy();

    // Assess
    expect(writes).toEqual([
      { service: 'dynamodb', resources: ['orders'] },
      { service: 'dynamodb', resources: ['orders', 'stock'] },
      { service: 'kinesis', resources: ['clicks'] },
      { service: 'sqs', resources: ['jobs-dlq'] },
    ]);
  });

  it("serves DynamoDB Streams under the topology's stream ARN, records included", async () => {
    // Prepare
    const dynamodb = new DynamoDBClient(clientConfig(endpoint.url));
    const streams = new DynamoDBStreamsClient(clientConfig(endpoint.url));
    await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'order#2' }, sk: { S: 'v1' } } }));

    // Act
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: ordersTable.stream!.arn }));
    const { ShardIterator } = await streams.send(
      new GetStreamShardIteratorCommand({
        StreamArn: ordersTable.stream!.arn,
        ShardId: StreamDescription!.Shards![0]!.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const { Records } = await streams.send(new GetStreamRecordsCommand({ ShardIterator: ShardIterator! }));

    // Assess
    expect(Table?.LatestStreamArn).toBe(ordersTable.stream!.arn);
    expect(StreamDescription).toMatchObject({ StreamArn: ordersTable.stream!.arn, StreamViewType: 'NEW_AND_OLD_IMAGES', TableName: 'orders' });
    expect(Records?.map((r) => r.dynamodb?.Keys?.['pk']?.S)).toContain('order#2');
  });

  it("serves Kinesis PutRecords and GetRecords to the SDK's default (HTTP/2) client", async () => {
    // Prepare
    const kinesis = new KinesisClient(clientConfig(endpoint.url));

    // Act
    const put = await kinesis.send(
      new PutRecordsCommand({ StreamName: 'clicks', Records: [{ PartitionKey: 'user-1', Data: new TextEncoder().encode('{"type":"page_view"}') }] }),
    );
    const shardId = put.Records![0]!.ShardId!;
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }));
    const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: 'clicks' }));
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: topology.streams[0]!.arn }));
    kinesis.destroy();

    // Assess
    expect(put.FailedRecordCount).toBe(0);
    expect(Records?.map((r) => new TextDecoder().decode(r.Data))).toEqual(['{"type":"page_view"}']);
    expect(Shards).toHaveLength(2);
    expect(StreamDescriptionSummary?.StreamARN).toBe(topology.streams[0]!.arn);
  });

  it('answers queue URLs on its own origin, which a client configured only by AWS_ENDPOINT_URL then calls', async () => {
    // Prepare: no `endpoint` option, so the SDK sends each call to its QueueUrl's host, as handler code does.
    process.env['AWS_ENDPOINT_URL_SQS'] = endpoint.url;
    const sqs = new SQSClient({ region: REGION, credentials: { accessKeyId: 'any', secretAccessKey: 'any' } });
    try {
      // Act
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs-dlq' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));

      // Assess
      expect(QueueUrl).toBe(`${endpoint.url}/${ACCOUNT}/jobs-dlq`);
      expect(Messages?.map((m) => m.Body)).toEqual(['hello']);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle! }));
    } finally {
      delete process.env['AWS_ENDPOINT_URL_SQS'];
    }
  });

  it('redrives a message received maxReceiveCount times to the provisioned DLQ', async () => {
    // Prepare
    const sqs = new SQSClient(clientConfig(endpoint.url));
    const { QueueUrl: jobs } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
    const { QueueUrl: dlq } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs-dlq' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: jobs, MessageBody: 'poison' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs, WaitTimeSeconds: 1 }));

    // Act: not deleted; the 1 s visibility timeout lapses and the second receive exceeds maxReceiveCount 1.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs, WaitTimeSeconds: 1 }));
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 2 }));

    // Assess
    expect(first.Messages?.map((m) => m.Body)).toEqual(['poison']);
    expect(second.Messages ?? []).toEqual([]);
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: jobs, AttributeNames: ['QueueArn', 'RedrivePolicy'] }));
    expect(Attributes?.['QueueArn']).toBe(topology.queues[0]!.arn);
    expect(JSON.parse(Attributes!['RedrivePolicy']!)).toEqual({ deadLetterTargetArn: topology.queues[1]!.arn, maxReceiveCount: 1 });
  });

  it('serves S3 PutObject and GetObject, path-style on the IP endpoint', async () => {
    // Prepare
    const s3 = new S3Client(clientConfig(endpoint.url));

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'eventful-imports', Key: 'in/products.csv', Body: 'sku,name,unitPrice,stock\nA-1,Mug,9.5,3\n' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'eventful-imports', Key: 'in/products.csv' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe('sku,name,unitPrice,stock\nA-1,Mug,9.5,3\n');
    expect(got.ContentLength).toBe(39);
  });

  it('takes an S3 browser-form upload that carries a signed policy, as createPresignedPost builds it', async () => {
    // Prepare
    const boundary = 'eventfulBoundary';
    const fields = {
      key: 'in/form.csv',
      policy: Buffer.from('{"conditions":[]}').toString('base64'),
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': 'AKID/20261206/us-east-1/s3/aws4_request',
      'x-amz-date': '20261206T000000Z',
      'x-amz-signature': 'a'.repeat(64),
    };
    const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const body = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.csv"\r\nContent-Type: text/csv\r\n\r\nsku\r\n--${boundary}--\r\n`;

    // Act
    const response = await fetch(`${endpoint.url}/eventful-imports`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const got = await new S3Client(clientConfig(endpoint.url)).send(new GetObjectCommand({ Bucket: 'eventful-imports', Key: 'in/form.csv' }));

    // Assess
    expect(response.status).toBeLessThan(300);
    expect(await got.Body?.transformToString()).toBe('sku');
  });

  it.each([
    [
      'PutObjectTagging',
      (s3: S3Client) =>
        s3.send(new PutObjectTaggingCommand({ Bucket: 'eventful-imports', Key: 'in/tagged.csv', Tagging: { TagSet: [{ Key: 'seen', Value: 'yes' }] } })),
    ],
    ['GetObjectTagging', (s3: S3Client) => s3.send(new GetObjectTaggingCommand({ Bucket: 'eventful-imports', Key: 'in/tagged.csv' }))],
    ['PutObjectAcl', (s3: S3Client) => s3.send(new PutObjectAclCommand({ Bucket: 'eventful-imports', Key: 'in/tagged.csv', ACL: 'private' }))],
    [
      'PutBucketVersioning',
      (s3: S3Client) => s3.send(new PutBucketVersioningCommand({ Bucket: 'eventful-imports', VersioningConfiguration: { Status: 'Enabled' } })),
    ],
    ['ListObjectVersions', (s3: S3Client) => s3.send(new ListObjectVersionsCommand({ Bucket: 'eventful-imports' }))],
  ])('answers %s, which the S3 engine does not implement, with NotImplemented and changes nothing', async (_operation, call) => {
    // Prepare
    const s3 = new S3Client(clientConfig(endpoint.url));
    await s3.send(new PutObjectCommand({ Bucket: 'eventful-imports', Key: 'in/tagged.csv', Body: 'sku\n' }));
    await engines.s3EventsIdle();
    const events: string[] = [];
    const unsubscribe = engines.onS3ObjectEvent((event) => {
      events.push(`${event.detailType} ${event.key}`);
    });

    // Act
    const error = await call(s3).catch((e: unknown) => e);
    await engines.s3EventsIdle();
    unsubscribe();

    // Assess
    expect(error).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    expect((error as Error).message).toContain('not implemented by the local S3 engine');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'eventful-imports', Key: 'in/tagged.csv' }));
    expect(await got.Body?.transformToString()).toBe('sku\n');
    expect(events).toEqual([]);
  });

  it('streams a large S3 object both ways (the SDK sends Expect: 100-continue above 1 MiB)', async () => {
    // Prepare
    const s3 = new S3Client(clientConfig(endpoint.url));
    const body = Buffer.alloc(3 * 1024 * 1024, 'x');

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'eventful-imports', Key: 'large.bin', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'eventful-imports', Key: 'large.bin' }));

    // Assess
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it('hands EventBridge calls to the events handler and its answer back', async () => {
    // Prepare
    const events = new EventBridgeClient(clientConfig(endpoint.url));

    // Act
    const result = await events.send(new PutEventsCommand({ Entries: [{ Source: 'eventful.orders', DetailType: 'OrderPlaced', Detail: '{"a":1}' }] }));

    // Assess
    expect(result.Entries).toEqual([{ EventId: 'evt-1' }]);
    expect(eventsCalls.at(-1)?.target).toBe('AWSEvents.PutEvents');
    expect(JSON.parse(eventsCalls.at(-1)!.body)).toEqual({ Entries: [{ Source: 'eventful.orders', DetailType: 'OrderPlaced', Detail: '{"a":1}' }] });
  });

  it('serves the Lambda Invoke API from the Lambda service', async () => {
    // Act
    const response = await fetch(`${endpoint.url}/2015-03-31/functions/orders-api/invocations`, {
      method: 'POST',
      headers: {
        'x-amz-invocation-type': 'RequestResponse',
        authorization: `AWS4-HMAC-SHA256 Credential=AKID/20261129/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      body: '{"hello":"world"}',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(await response.json()).toEqual({ echoed: 'orders-api' });
    expect(invocations.at(-1)).toEqual({ name: 'orders-api', payload: '{"hello":"world"}', invocationType: 'RequestResponse' });
  });

  it('answers a service it does not serve with an AWS error naming it', async () => {
    // Prepare
    const sns = new SNSClient(clientConfig(endpoint.url));

    // Act
    const error = await sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t`, Message: 'x' })).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'UnknownServiceException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toMatch(/does not serve 'sns' \(from the request's credential scope\)/);
  });

  describe('SQS query protocol (older SDKs and tools)', () => {
    const query = async (params: Record<string, string>, path = '/') => {
      const response = await fetch(`${endpoint.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `AWS4-HMAC-SHA256 Credential=AKID/20261129/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
        },
        body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
      });
      return { status: response.status, xml: await response.text() };
    };

    it("answers GetQueueUrl in XML with the endpoint's queue URL", async () => {
      // Act
      const { status, xml } = await query({ Action: 'GetQueueUrl', QueueName: 'jobs' });

      // Assess
      expect(xml).not.toContain('Error');
      expect(status).toBe(200);
      expect(xml).toMatch(
        new RegExp(
          `<GetQueueUrlResponse [^>]*><GetQueueUrlResult><QueueUrl>${endpoint.url}/${ACCOUNT}/jobs</QueueUrl></GetQueueUrlResult><ResponseMetadata><RequestId>[^<]+</RequestId>`,
        ),
      );
    });

    it('sends and receives a message with attributes, posted to the queue URL', async () => {
      // Prepare
      const queuePath = `/${ACCOUNT}/ordered.fifo`;

      // Act
      const sent = await query(
        {
          Action: 'SendMessage',
          MessageBody: 'a & b',
          MessageGroupId: 'g',
          'MessageAttribute.1.Name': 'kind',
          'MessageAttribute.1.Value.DataType': 'String',
          'MessageAttribute.1.Value.StringValue': 'test',
        },
        queuePath,
      );
      await new Promise((resolve) => setTimeout(resolve, 2_100)); // the queue's DelaySeconds
      const received = await query({ Action: 'ReceiveMessage', 'AttributeName.1': 'All', 'MessageAttributeName.1': 'All', WaitTimeSeconds: '1' }, queuePath);

      // Assess
      expect(sent.xml).toMatch(/<SendMessageResult><MessageId>[^<]+<\/MessageId><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody>/);
      expect(received.xml).toContain('<Body>a &#38; b</Body>');
      expect(received.xml).toContain('<Attribute><Name>MessageGroupId</Name><Value>g</Value></Attribute>');
      expect(received.xml).toContain(
        '<MessageAttribute><Name>kind</Name><Value><DataType>String</DataType><StringValue>test</StringValue></Value></MessageAttribute>',
      );
    }, 15_000);

    it.each([
      ['a queue that does not exist', { Action: 'GetQueueUrl', QueueName: 'nope' }, /<Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code>/],
      [
        'an action it does not translate',
        { Action: 'ListDeadLetterSourceQueues', QueueUrl: 'x' },
        /<Code>InvalidAction<\/Code>.*ListDeadLetterSourceQueues.*JSON protocol/s,
      ],
    ])('answers %s with a query-protocol error', async (_case, params, code) => {
      // Act
      const { status, xml } = await query(params);

      // Assess
      expect(status).toBe(400);
      expect(xml).toMatch(/^<\?xml[^>]*\?>\s*<ErrorResponse/);
      expect(xml).toMatch(code);
    });
  });

  it.runIf(awsCli)(
    'works with the AWS CLI pointed at it by AWS_ENDPOINT_URL',
    async () => {
      // Prepare
      const env = {
        ...process.env,
        AWS_ENDPOINT_URL: endpoint.url,
        AWS_ACCESS_KEY_ID: 'any',
        AWS_SECRET_ACCESS_KEY: 'any',
        AWS_DEFAULT_REGION: REGION,
        AWS_PAGER: '',
      };
      const aws = async (...args: string[]) =>
        JSON.parse((await run('aws', [...args, '--output', 'json'], { env, timeout: 30_000 })).stdout) as Record<string, unknown>;

      // Act
      // AWS CLI v1 pins `aws sqs` to queue.amazonaws.com in every commercial region unless --endpoint-url is given
      // (awscli/customizations/overridesslcommonname.py), ignoring AWS_ENDPOINT_URL; AWS CLI v2 does not.
      const queues = await aws('sqs', 'list-queues', '--endpoint-url', endpoint.url);
      const table = await aws('dynamodb', 'describe-table', '--table-name', 'orders');
      const put = await aws('events', 'put-events', '--entries', '[{"Source":"cli","DetailType":"Smoke","Detail":"{}"}]');

      // Assess
      expect(queues['QueueUrls']).toEqual(expect.arrayContaining([`${endpoint.url}/${ACCOUNT}/jobs`]));
      expect(table).toMatchObject({ Table: { TableName: 'orders', LatestStreamArn: ordersTable.stream!.arn } });
      expect(put).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-1' }] });
      expect(eventsCalls.at(-1)?.target).toBe('AWSEvents.PutEvents');
    },
    60_000,
  );

  it('reports health with the engines and the topology', async () => {
    // Act
    const response = await fetch(`${endpoint.url}/_eventful/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      endpoint: endpoint.url,
      engines: { dynamodb: engines.dynamodb.endpoint, kinesis: engines.kinesis.endpoint },
      topology: { tables: ['orders', 'stock'], queues: ['jobs', 'jobs-dlq', 'ordered.fifo'], streams: ['clicks'], buckets: ['eventful-imports'] },
    });
  });
});
