import { afterEach, describe, expect, it } from 'vitest';
import { InvalidTemplateValueError, loadTopology } from '../../loader/index.ts';
import type { Template, TemplateResource } from '../../loader/template.ts';
import type { LocalTopology } from '../../topology/types.ts';
import { runtimeStandInNotes } from '../../loader/builders/functions.ts';
import { writeAssembly, type WrittenAssembly } from './support/assembly.ts';
import { ACCOUNT, ENDPOINT, REGION } from './support/topology.ts';

/** Builders on hand-written templates: shapes CDK rarely writes but CloudFormation accepts. */
describe('resource builders', () => {
  let assembly: WrittenAssembly | undefined;
  afterEach(() => assembly?.remove());

  const load = async (resources: Record<string, TemplateResource>, extra: Omit<Template, 'Resources'> = {}): Promise<LocalTopology> => {
    assembly = writeAssembly({ Hand: { ...extra, Resources: resources } });
    return loadTopology({ assemblyDir: assembly.assemblyDir, endpointUrl: ENDPOINT });
  };
  const FUNCTION: TemplateResource = {
    Type: 'AWS::Lambda::Function',
    Properties: { FunctionName: 'worker', Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => 1;' } },
  };

  it('reads a redrive policy written as JSON text', async () => {
    // Act
    const topology = await load({
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'dlq' } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { 'Fn::Sub': '{"deadLetterTargetArn":"${Dlq.Arn}","maxReceiveCount":"5"}' } } },
    });

    // Assess
    expect(topology.queues[1]?.redrivePolicy).toEqual({ deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`, maxReceiveCount: 5 });
  });

  it('fails naming the property when a redrive policy has no maxReceiveCount', async () => {
    // Act
    const act = load({ Queue: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' } } } });

    // Assess
    await expect(act).rejects.toThrow(InvalidTemplateValueError);
    await expect(act).rejects.toThrow('Invalid template value (stack Hand, Queue, property RedrivePolicy.maxReceiveCount): required, but missing');
  });

  it('reads the local replica of a global table, with its stream', async () => {
    // Act
    const topology = await load({
      Table: {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          TableName: 'orders',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
          TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
          LocalSecondaryIndexes: [
            {
              IndexName: 'byDate',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'date', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
          Replicas: [{ Region: { Ref: 'AWS::Region' } }, { Region: 'eu-west-1' }],
        },
      },
    });

    // Assess
    expect(topology.tables[0]).toMatchObject({
      name: 'orders',
      billingMode: 'PAY_PER_REQUEST',
      stream: { viewType: 'NEW_AND_OLD_IMAGES', arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2020-01-01T00:00:00.000` },
      timeToLiveAttribute: 'ttl',
      localSecondaryIndexes: [{ indexName: 'byDate', projection: { ProjectionType: 'KEYS_ONLY' } }],
    });
    expect(topology.unsupported).toEqual([]);
  });

  it.each([
    ['an on-demand stream: four shards', { StreamModeDetails: { StreamMode: 'ON_DEMAND' } }, { mode: 'ON_DEMAND', shardCount: 4, retentionPeriodHours: 24 }],
    ['a provisioned stream without a shard count: one shard', {}, { mode: 'PROVISIONED', shardCount: 1, retentionPeriodHours: 24 }],
  ])('sizes %s', async (_what, properties, expected) => {
    // Act
    const topology = await load({ Stream: { Type: 'AWS::Kinesis::Stream', Properties: properties } });

    // Assess
    expect(topology.streams[0]).toMatchObject(expected);
  });

  it('maps a mapping on an enhanced fan-out consumer to its stream, saying so', async () => {
    // Act
    const topology = await load({
      Fn: FUNCTION,
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          FunctionName: 'worker',
          StartingPosition: 'TRIM_HORIZON',
          EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks/consumer/reader:1700000000`,
        },
      },
    });

    // Assess
    expect(topology.eventSourceMappings[0]).toMatchObject({ kind: 'kinesis', eventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks` });
    expect(topology.unsupported).toEqual([
      expect.objectContaining({ logicalId: 'Mapping', reason: expect.stringContaining('enhanced fan-out is not emulated') }),
    ]);
  });

  it('reports a mapping from a source it does not emulate and leaves it out', async () => {
    // Act
    const topology = await load({
      Fn: FUNCTION,
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: 'worker', Topics: ['orders'], EventSourceArn: `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/c/1` },
      },
    });

    // Assess
    expect(topology.eventSourceMappings).toEqual([]);
    expect(topology.unsupported.map(({ reason }) => reason)).toEqual([
      'property Topics is not emulated: Kafka event sources are not emulated',
      `event source arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/c/1 is not emulated: only SQS, Kinesis and DynamoDB Streams mappings run locally`,
    ]);
  });

  it('reads every templated schedule target parameter, with Scheduler’s defaults', async () => {
    // Act
    const topology = await load({
      Schedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: 'at(2026-12-01T00:00:00)',
          FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
          Target: {
            Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
            RoleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler`,
            Input: '{"a":1}',
            EventBridgeParameters: { DetailType: 'Tick', Source: 'scheduler.test' },
          },
        },
      },
    });

    // Assess
    expect(topology.schedules[0]).toMatchObject({
      groupName: 'default',
      timezone: 'UTC',
      state: 'ENABLED',
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 15 },
      target: {
        kind: 'event-bus',
        input: '{"a":1}',
        eventBridgeParameters: { detailType: 'Tick', source: 'scheduler.test' },
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
      },
    });
  });

  it('names at start a function whose Lambda image bundles the v2 SDK, which runs here without it', async () => {
    // Act
    const topology = await load({ Legacy: { ...FUNCTION, Properties: { ...FUNCTION.Properties, FunctionName: 'legacy', Runtime: 'nodejs16.x' } } });

    // Assess
    expect(topology.functions.map((fn) => fn.name)).toEqual(['legacy']);
    expect(topology.unsupported).toContainEqual(
      expect.objectContaining({
        logicalId: 'Legacy',
        severity: 'warning',
        reason: expect.stringContaining("runtime nodejs16.x bundles the AWS SDK for JavaScript v2 (aws-sdk) in Lambda's image"),
      }),
    );
  });

  it.each([
    ['nodejs16.x', '24.3.0', ['bundles the AWS SDK for JavaScript v2', 'runs locally on Node.js 24.3.0']],
    ['nodejs18.x', '24.3.0', ['runs locally on Node.js 24.3.0: what differs between the two follows Node.js 24']],
    ['nodejs20.x', '24.3.0', ['runs locally on Node.js 24.3.0']],
    ['nodejs22.x', '24.3.0', []],
    ['nodejs24.x', '24.3.0', []],
  ])('names runtime %s on host Node %s when the host cannot honestly stand in for it', (runtime, host, expected) => {
    // Act
    const notes = runtimeStandInNotes(runtime, host);

    // Assess
    expect(notes).toHaveLength(expected.length);
    expected.forEach((fragment, index) => {
      expect(notes[index]).toContain(fragment);
    });
  });

  it('reports a schedule with a universal target', async () => {
    // Act
    const topology = await load({
      Schedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: 'rate(1 hour)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', RoleArn: 'r' },
        },
      },
    });

    // Assess
    expect(topology.unsupported).toEqual([
      expect.objectContaining({
        reason: 'target arn:aws:scheduler:::aws-sdk:sqs:sendMessage is not emulated: universal targets (aws-sdk:sqs:sendMessage) are not invoked locally',
      }),
    ]);
  });

  it('serves a quick-create HTTP API and reports a WebSocket API', async () => {
    // Act
    const topology = await load({
      Fn: FUNCTION,
      Quick: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'quick', ProtocolType: 'HTTP', Target: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
      Socket: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'socket', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } },
    });

    // Assess
    expect(topology.httpApis).toEqual([
      expect.objectContaining({
        name: 'quick',
        routes: [
          { routeKey: '$default', functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:worker`, payloadFormatVersion: '2.0', timeoutMillis: 30_000 },
        ],
        stages: ['$default'],
      }),
    ]);
    expect(topology.unsupported).toEqual([
      expect.objectContaining({ logicalId: 'Socket', reason: 'WEBSOCKET API is not served locally: only HTTP APIs are emulated' }),
    ]);
  });

  it('reports a route whose authorizer it does not enforce, and a route without a Lambda integration', async () => {
    // Act
    const topology = await load({
      Fn: FUNCTION,
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api', ProtocolType: 'HTTP' } },
      Proxy: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Api' },
          IntegrationType: 'HTTP_PROXY',
          IntegrationUri: 'https://example.com',
          IntegrationMethod: 'ANY',
          PayloadFormatVersion: '1.0',
        },
      },
      Lambda: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Api' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' },
          PayloadFormatVersion: '2.0',
          TimeoutInMillis: 5000,
        },
      },
      Secure: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'Api' },
          RouteKey: 'GET /me',
          AuthorizationType: 'JWT',
          Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'Lambda' }]] },
        },
      },
      Forward: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: { Ref: 'Api' }, RouteKey: 'ANY /{proxy+}', Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'Proxy' }]] } },
      },
    });

    // Assess
    expect(topology.httpApis[0]?.routes).toEqual([
      { routeKey: 'GET /me', functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:worker`, payloadFormatVersion: '2.0', timeoutMillis: 5000 },
    ]);
    expect(topology.unsupported.map(({ logicalId, reason }) => [logicalId, reason])).toEqual([
      ['Proxy', 'integration HTTP_PROXY https://example.com is not emulated: only Lambda proxy integrations are served'],
      ['Secure', 'authorization type JWT is not enforced locally: every request reaches the integration'],
      ['Forward', 'route ANY /{proxy+} has no Lambda integration: it is not served locally'],
    ]);
  });

  it('applies the $LATEST invocation config and reports another qualifier’s', async () => {
    // Act
    const topology = await load({
      Fn: FUNCTION,
      Live: { Type: 'AWS::Lambda::EventInvokeConfig', Properties: { FunctionName: 'worker', Qualifier: 'live', MaximumRetryAttempts: 0 } },
      Latest: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: 'Fn' },
          Qualifier: '$LATEST',
          MaximumEventAgeInSeconds: 60,
          DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:done' } },
        },
      },
    });

    // Assess
    expect(topology.functions[0]?.asyncConfig).toEqual({
      maximumRetryAttempts: 2,
      maximumEventAgeSeconds: 60,
      destinations: { onSuccess: 'arn:aws:sqs:us-east-1:000000000000:done' },
    });
    expect(topology.unsupported).toEqual([expect.objectContaining({ logicalId: 'Live', reason: expect.stringContaining('qualifier live is not emulated') })]);
  });

  it('turns a rule’s bus ARN into the bus name and targets another bus', async () => {
    // Act
    const topology = await load({
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'forward',
          EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders-bus`,
          EventPattern: { source: ['orders'] },
          Targets: [{ Id: 'Audit', Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/audit`, SqsParameters: { MessageGroupId: 'g' } }],
        },
      },
    });

    // Assess
    expect(topology.rules[0]).toMatchObject({
      eventBusName: 'orders-bus',
      arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-bus/forward`,
      targets: [{ kind: 'event-bus', sqsMessageGroupId: 'g' }],
    });
  });
});
