import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopology } from '../../loader/index.ts';
import type { LocalTopology } from '../../topology/types.ts';
import { defineCommerceApp } from './fixtures/commerce-app.ts';
import { synth, type SynthesizedApp } from './support/synth.ts';
import { ACCOUNT, ENDPOINT, REGION, byPath, unsupportedOf } from './support/topology.ts';

describe('loadTopology on a synthesized CDK app', () => {
  let app: SynthesizedApp;
  let topology: LocalTopology;

  beforeAll(async () => {
    app = synth((cdkApp) => {
      defineCommerceApp(cdkApp);
    });
    topology = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });
  });
  afterAll(() => app?.remove());

  const queue = (id: string) => byPath(topology.queues, `Core/${id}/Resource`);
  const fn = (path: string) => byPath(topology.functions, path);
  const processor = () => fn('Core/Processor/Resource');

  describe('names, ARNs and URLs', () => {
    it("names a queue without QueueName as CloudFormation does, '<stack>-<logicalId>-<suffix>', with its URL on the local endpoint", () => {
      // Act
      const orders = queue('OrdersQueue');

      // Assess
      expect(orders.name).toMatch(/^Core-OrdersQueue3DFA1D51-[A-Z0-9]{12}$/);
      expect(orders.arn).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:${orders.name}`);
      expect(orders.url).toBe(`${ENDPOINT}/${ACCOUNT}/${orders.name}`);
    });

    it('gives the same generated names on every load', async () => {
      // Act
      const again = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });

      // Assess
      expect(again.queues.map(({ name }) => name)).toEqual(topology.queues.map(({ name }) => name));
      expect(again.eventSourceMappings.map(({ uuid }) => uuid)).toEqual(topology.eventSourceMappings.map(({ uuid }) => uuid));
    });

    it.each([
      ['queue', () => queue('Explicit').name, 'explicit-queue'],
      ['event bus', () => byPath(topology.eventBuses, 'Core/Bus/Resource').name, 'orders-bus'],
      ['function', () => fn('Core/Inline/Resource').name, 'inline-function'],
      ['queue in a nested stack', () => byPath(topology.queues, 'Core/Workers/NestedQueue/Resource').name, 'nested-queue'],
    ])('keeps the explicit name of a %s', (_kind, actual, expected) => {
      // Assess
      expect(actual()).toBe(expected);
    });

    it('keeps the .fifo ending of a generated FIFO queue name', () => {
      // Act
      const ledger = queue('Ledger');

      // Assess
      expect(ledger).toMatchObject({ fifo: true, contentBasedDeduplication: true });
      expect(ledger.name).toMatch(/^Core-LedgerB7379752-[A-Z0-9]{12}\.fifo$/);
    });

    it('writes each ARN in its service’s format', () => {
      // Act
      const table = byPath(topology.tables, 'Core/Orders/Resource');
      const bucket = byPath(topology.buckets, 'Core/Uploads/Resource');
      const stream = byPath(topology.streams, 'Core/Clicks/Resource');
      const rule = byPath(topology.rules, 'Core/OrderPlaced/Resource');

      // Assess
      expect(table.arn).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table.name}`);
      expect(table.stream?.arn).toMatch(new RegExp(`^arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table.name}/stream/.+`));
      expect(bucket.name).toMatch(/^core-uploads4f6eb0fd-[a-z0-9]{12}$/);
      expect(bucket.arn).toBe(`arn:aws:s3:::${bucket.name}`);
      expect(stream.arn).toBe(`arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream.name}`);
      expect(rule.arn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-bus/${rule.name}`);
      expect(processor().arn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:${processor().name}`);
    });

    it('uses the account and region it is given', async () => {
      // Act
      const other = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: 'http://127.0.0.1:9000/', accountId: '123456789012', region: 'eu-west-1' });

      // Assess
      const orders = byPath(other.queues, 'Core/OrdersQueue/Resource');
      expect(orders.url).toBe(`http://127.0.0.1:9000/123456789012/${orders.name}`);
      expect(orders.arn).toBe(`arn:aws:sqs:eu-west-1:123456789012:${orders.name}`);
      expect(byPath(other.functions, 'Core/Processor/Resource').environment['FIRST_AZ']).toBe('eu-west-1a');
    });
  });

  describe('function environment', () => {
    it.each<[string, () => string]>([
      ['QUEUE_URL', () => queue('OrdersQueue').url],
      ['QUEUE_ARN', () => queue('OrdersQueue').arn],
      ['TABLE_NAME', () => byPath(topology.tables, 'Core/Orders/Resource').name],
      ['TABLE_STREAM_ARN', () => byPath(topology.tables, 'Core/Orders/Resource').stream!.arn],
      ['EVENT_BUS_NAME', () => 'orders-bus'],
      ['EVENT_BUS_ARN', () => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders-bus`],
      ['STREAM_NAME', () => byPath(topology.streams, 'Core/Clicks/Resource').name],
      ['BUCKET_NAME', () => byPath(topology.buckets, 'Core/Uploads/Resource').name],
      ['JOINED', () => `${queue('OrdersQueue').name}|${byPath(topology.tables, 'Core/Orders/Resource').name}`],
      ['SUBBED', () => `${REGION}:${ACCOUNT}:aws:amazonaws.com:Core:${queue('OrdersQueue').name}:\${Literal}`],
      ['SUBBED_WITH_VARIABLES', () => `${byPath(topology.tables, 'Core/Orders/Resource').name}-${REGION}`],
      ['STAGE', () => 'dev'],
      ['LOG_LEVEL', () => 'DEBUG'],
      ['MODE', () => 'sandbox'],
      ['FIRST_AZ', () => `${REGION}a`],
      ['SECOND_PART', () => 'b'],
      ['ENCODED', () => Buffer.from('hello').toString('base64')],
      ['NESTED_QUEUE_ARN', () => `arn:aws:sqs:${REGION}:${ACCOUNT}:nested-queue`],
    ])('resolves %s', (variable, expected) => {
      // Assess
      expect(processor().environment[variable]).toBe(expected());
    });
  });

  describe('functions', () => {
    it('points a NodejsFunction at its esbuild bundle in cdk.out', () => {
      // Act
      const { codeDir, handler } = processor();

      // Assess
      expect(codeDir.startsWith(app.assemblyDir)).toBe(true);
      expect(handler).toBe('index.handler');
      expect(readFileSync(join(codeDir, 'index.js'), 'utf8')).toContain('eventful-loader-fixture-bundle');
    });

    it('points a function built from an asset directory at its staged copy, and writes inline code as index.js', () => {
      // Act
      const plain = fn('Core/Plain/Resource');
      const inline = fn('Core/Inline/Resource');

      // Assess
      expect(plain.handler).toBe('app.main');
      expect(readFileSync(join(plain.codeDir, 'app.js'), 'utf8')).toContain("exports.main = async () => 'plain'");
      expect(readFileSync(join(inline.codeDir, 'index.js'), 'utf8')).toBe('exports.handler = async () => "inline";');
    });

    it('reads runtime settings, falling back on Lambda’s defaults', () => {
      // Assess
      expect(processor()).toMatchObject({ runtime: 'nodejs22.x', architecture: 'arm64', timeoutSeconds: 10, memoryMb: 256, reservedConcurrency: 5 });
      expect(fn('Core/Plain/Resource')).toMatchObject({ architecture: 'x86_64', timeoutSeconds: 3, memoryMb: 128 });
      expect(processor().logGroupName).toBe(`/aws/lambda/${processor().name}`);
    });

    it('attaches the asynchronous invocation config and the legacy dead-letter queue', () => {
      // Assess
      expect(processor().asyncConfig).toEqual({ maximumRetryAttempts: 1, maximumEventAgeSeconds: 3600, destinations: { onFailure: queue('OrdersDlq').arn } });
      expect(fn('Core/Plain/Resource').asyncConfig).toEqual({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600, destinations: {} });
      expect(fn('Core/Plain/Resource').deadLetterArn).toBe(queue('OrdersDlq').arn);
    });

    it('leaves out the functions that only serve CDK custom resources', () => {
      // Assess
      expect(topology.functions.map(({ path }) => path)).not.toContainEqual(expect.stringMatching(/BucketNotificationsHandler|CustomResourceProvider/));
      expect(topology.unsupported.map(({ logicalId }) => logicalId)).not.toContainEqual(expect.stringMatching(/BucketNotificationsHandler/));
    });
  });

  describe('queues, tables, streams and buckets', () => {
    it('reads queue attributes and the redrive policy, with SQS defaults for the rest', () => {
      // Assess
      expect(queue('OrdersQueue')).toMatchObject({
        visibilityTimeoutSeconds: 60,
        messageRetentionSeconds: 345_600,
        delaySeconds: 0,
        receiveMessageWaitTimeSeconds: 0,
        maximumMessageSizeBytes: 1_048_576,
        redrivePolicy: { deadLetterTargetArn: queue('OrdersDlq').arn, maxReceiveCount: 3 },
      });
      expect(queue('Explicit')).toMatchObject({ delaySeconds: 5, messageRetentionSeconds: 86_400 });
    });

    it('reads a table’s keys, indexes, TTL and stream', () => {
      // Assess
      expect(byPath(topology.tables, 'Core/Orders/Resource')).toMatchObject({
        keySchema: [
          { attributeName: 'pk', keyType: 'HASH' },
          { attributeName: 'sk', keyType: 'RANGE' },
        ],
        globalSecondaryIndexes: [
          { indexName: 'byCustomer', keySchema: [{ attributeName: 'customerId', keyType: 'HASH' }], projection: { ProjectionType: 'ALL' } },
        ],
        billingMode: 'PAY_PER_REQUEST',
        stream: { viewType: 'NEW_AND_OLD_IMAGES' },
        timeToLiveAttribute: 'expiresAt',
      });
    });

    it('reads a stream’s shards and retention, and a bucket’s EventBridge notifications', () => {
      // Assess
      expect(byPath(topology.streams, 'Core/Clicks/Resource')).toMatchObject({ mode: 'PROVISIONED', shardCount: 2, retentionPeriodHours: 48 });
      expect(byPath(topology.buckets, 'Core/Uploads/Resource').eventBridgeEnabled).toBe(true);
    });

    it('leaves out a resource whose condition is false', () => {
      // Assess
      expect(topology.queues.map(({ path }) => path)).not.toContain('Core/ProdOnly/Resource');
    });
  });

  describe('EventBridge', () => {
    it('parses the event pattern and shapes each target as the template says', () => {
      // Act
      const rule = byPath(topology.rules, 'Core/OrderPlaced/Resource');

      // Assess
      expect(rule).toMatchObject({
        eventBusName: 'orders-bus',
        state: 'ENABLED',
        eventPattern: { source: ['orders'], 'detail-type': ['OrderPlaced'], detail: { total: [{ numeric: ['>', 100] }] } },
      });
      expect(rule.targets).toEqual([
        {
          id: 'Target0',
          arn: queue('OrdersQueue').arn,
          kind: 'sqs',
          inputTransformer: { inputPathsMap: { 'detail-orderId': '$.detail.orderId' }, inputTemplate: '{"orderId":<detail-orderId>,"kind":"placed"}' },
          retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 7200 },
          deadLetterArn: queue('OrdersDlq').arn,
        },
        {
          id: 'Target1',
          arn: processor().arn,
          kind: 'lambda',
          inputPath: '$.detail',
          retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
        },
        {
          id: 'Target2',
          arn: byPath(topology.streams, 'Core/Clicks/Resource').arn,
          kind: 'kinesis',
          kinesisPartitionKeyPath: '$.detail.orderId',
          retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
        },
        expect.objectContaining({ id: 'Target3', kind: 'unsupported' }),
      ]);
    });

    it('parses an event pattern written as JSON text, a constant input and a disabled state', () => {
      // Act
      const rule = byPath(topology.rules, 'Core/RawPatternRule');

      // Assess
      expect(rule).toMatchObject({ eventPattern: { source: [{ prefix: 'orders.' }] }, state: 'DISABLED' });
      expect(rule.targets[0]).toMatchObject({ kind: 'lambda', input: '{"fixed":true}' });
    });

    it('reads a scheduled rule on the default bus and an archive of the custom bus', () => {
      // Assess
      expect(byPath(topology.rules, 'Core/Nightly/Resource')).toMatchObject({ eventBusName: 'default', scheduleExpression: 'cron(0 3 * * ? *)' });
      expect(byPath(topology.archives, 'Core/Bus/Archive/Archive')).toMatchObject({
        sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders-bus`,
        eventPattern: { source: ['orders'] },
        retentionDays: 7,
      });
    });
  });

  describe('event source mappings', () => {
    const mapping = (pathPrefix: string) => {
      const found = topology.eventSourceMappings.find(({ path }) => path?.startsWith(pathPrefix));
      if (found === undefined) throw new Error(`no mapping under ${pathPrefix}`);
      return found;
    };

    it('fills in AWS’s defaults for a stream mapping that sets only what CloudFormation requires', () => {
      // Assess
      expect(mapping('Core/ClicksMapping')).toEqual({
        stackName: 'Core',
        logicalId: 'ClicksMapping',
        path: 'Core/ClicksMapping',
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        kind: 'kinesis',
        functionName: fn('Core/Plain/Resource').name,
        eventSourceArn: byPath(topology.streams, 'Core/Clicks/Resource').arn,
        enabled: true,
        batchSize: 100,
        maximumBatchingWindowSeconds: 0,
        filterPatterns: [],
        reportBatchItemFailures: false,
        startingPosition: 'LATEST',
        bisectBatchOnFunctionError: false,
        maximumRetryAttempts: -1,
        maximumRecordAgeInSeconds: -1,
        parallelizationFactor: 1,
        tumblingWindowInSeconds: 0,
      });
    });

    it('fills in the SQS batch size and takes the function name out of an ARN', () => {
      // Assess
      expect(mapping('Core/DlqMapping')).toMatchObject({
        kind: 'sqs',
        batchSize: 10,
        maximumBatchingWindowSeconds: 0,
        functionName: fn('Core/Plain/Resource').name,
      });
      expect(mapping('Core/DlqMapping')).not.toHaveProperty('startingPosition');
    });

    it('reads an SQS mapping’s filters, batching, partial batch responses and maximum concurrency', () => {
      // Assess
      expect(mapping('Core/Processor/SqsEventSource')).toMatchObject({
        kind: 'sqs',
        eventSourceArn: queue('OrdersQueue').arn,
        batchSize: 5,
        maximumBatchingWindowSeconds: 2,
        filterPatterns: [{ body: { type: ['OrderPlaced'] } }],
        reportBatchItemFailures: true,
        maximumConcurrency: 3,
      });
    });

    it('reads a DynamoDB Streams mapping’s error handling and tumbling window', () => {
      // Assess
      expect(mapping('Core/Processor/DynamoDBEventSource')).toMatchObject({
        kind: 'dynamodb',
        eventSourceArn: byPath(topology.tables, 'Core/Orders/Resource').stream!.arn,
        startingPosition: 'TRIM_HORIZON',
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 3,
        maximumRecordAgeInSeconds: 3600,
        tumblingWindowInSeconds: 30,
        reportBatchItemFailures: true,
        onFailureDestination: queue('OrdersDlq').arn,
      });
    });
  });

  describe('Scheduler and HTTP API', () => {
    it('reads a schedule in its group, with its target input, retries and DLQ', () => {
      // Act
      const schedule = byPath(topology.schedules, 'Core/Reconcile/Resource');

      // Assess
      expect(schedule).toMatchObject({
        groupName: 'ops',
        arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/ops/${schedule.name}`,
        expression: 'cron(15 2 * * ? *)',
        state: 'ENABLED',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: processor().arn,
          kind: 'lambda',
          input: '{"job":"reconcile"}',
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 86_400 },
          deadLetterArn: queue('OrdersDlq').arn,
        },
      });
    });

    it('routes each HTTP API route key to its Lambda integration with the payload format version', () => {
      // Act
      const api = byPath(topology.httpApis, 'Core/Api/Resource');

      // Assess
      expect(api.routes).toEqual([
        { routeKey: 'GET /orders/{orderId}', functionArn: processor().arn, payloadFormatVersion: '2.0', timeoutMillis: 30_000 },
        { routeKey: 'POST /orders', functionArn: fn('Core/Plain/Resource').arn, payloadFormatVersion: '1.0', timeoutMillis: 30_000 },
      ]);
      expect(api).toMatchObject({ stages: ['$default'], cors: { allowOrigins: ['*'], allowMethods: ['GET'] } });
      expect(api.apiId).toMatch(/^[a-z0-9]{10}$/);
    });
  });

  describe('nested and cross-stack references', () => {
    it('loads a nested stack’s resources, with values its parent passes in', () => {
      // Act
      const worker = fn('Core/Workers/NestedWorker/Resource');

      // Assess
      expect(worker.stackName).toMatch(/^Core-WorkersNestedStackWorkersNestedStackResource[0-9A-F]{8}-[A-Z0-9]{12}$/);
      expect(worker.environment).toEqual({ PARENT_QUEUE_ARN: queue('OrdersQueue').arn, OWN_QUEUE_URL: `${ENDPOINT}/${ACCOUNT}/nested-queue` });
    });

    it('resolves Fn::ImportValue to what another stack exports', () => {
      // Act
      const auditor = fn('Consumers/Auditor/Resource');

      // Assess
      expect(auditor.environment).toEqual({ ORDERS_QUEUE_URL: queue('OrdersQueue').url, DLQ_ARN: queue('OrdersDlq').arn });
    });
  });

  describe('what is not emulated', () => {
    it.each([
      ['Graph', 'AWS::AppSync::GraphQLApi', 'AWS::AppSync::GraphQLApi is not emulated locally', 'warning'],
      ['Plain', 'AWS::Lambda::Function', 'property VpcConfig is not emulated: functions run without network isolation', 'warning'],
      ['Reporting', 'AWS::Lambda::Function', 'runtime python3.12 is not emulated: only Node.js functions run locally', 'error'],
      [
        'OrderPlaced',
        'AWS::Events::Rule',
        expect.stringMatching(/^target Target3 \(arn:aws:sns:.+\) is not emulated: sns targets do not receive events locally$/),
        'warning',
      ],
    ])('reports %s (%s) with a reason naming what differs', (logicalIdPrefix, type, reason, severity) => {
      // Assess
      expect(unsupportedOf(topology, logicalIdPrefix)).toEqual([expect.objectContaining({ stackName: 'Core', type, reason, severity })]);
    });

    it('reports nothing for resources with no local effect (IAM, permissions, policies, topics)', () => {
      // Assess
      expect(topology.unsupported.map(({ type }) => type)).not.toContainEqual(expect.stringMatching(/^AWS::(IAM|SNS|SQS::QueuePolicy|Lambda::Permission)/));
      expect(topology.unsupported).toHaveLength(4);
    });
  });
});
