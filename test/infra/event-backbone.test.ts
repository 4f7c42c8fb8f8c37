import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventBackbone } from '../../infra/constructs/event-backbone.ts';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { SecureQueue } from '../../infra/constructs/secure-queue.ts';
import { OrderPlaced, patternFor } from '../../shared/events/index.ts';
import { FIXTURE_HANDLER, synthesizeFixtureApp, type FixtureApp } from './support/fixture-app.ts';
import { referencedId, resourcesOf } from './support/template.ts';

let fixture: FixtureApp;
beforeAll(() => {
  fixture = synthesizeFixtureApp();
});

const rules = () => resourcesOf(fixture.template, 'AWS::Events::Rule');
// biome-ignore lint/suspicious/noExplicitAny: template JSON, read by the assertions that check its shape
const targets = () => rules().flatMap(([, rule]) => rule.Properties['Targets'] as Record<string, any>[]); // `any`: template JSON
const busId = () => fixture.stack.getLogicalId(fixture.platform.backbone.bus.node.defaultChild as never);

describe('EventBackbone', () => {
  it('creates the custom bus named eventful', () => {
    fixture.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'eventful' });
  });

  it('archives every event of the bus (no pattern) for 30 days', () => {
    const archives = resourcesOf(fixture.template, 'AWS::Events::Archive');

    expect(archives).toHaveLength(1);
    expect(archives[0]![1].Properties).toMatchObject({ SourceArn: { 'Fn::GetAtt': [busId(), 'Arn'] }, RetentionDays: 30 });
    expect(archives[0]![1].Properties['EventPattern']).toBeUndefined();
  });

  it('puts every rule on the custom bus, not the default one', () => {
    expect(rules()).toHaveLength(3);
    for (const [, rule] of rules()) expect(rule.Properties['EventBusName']).toEqual({ Ref: busId() });
  });

  it('gives every rule target a retry policy and a dead-letter queue of its own', () => {
    const deadLetterIds = targets().map((target) => {
      expect(target['RetryPolicy']).toEqual({ MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 });
      return referencedId(target['DeadLetterConfig']?.Arn);
    });

    const queues = new Map(resourcesOf(fixture.template, 'AWS::SQS::Queue'));
    expect(new Set(deadLetterIds).size).toBe(3);
    for (const id of deadLetterIds) expect(queues.get(id ?? '')?.Properties['MessageRetentionPeriod']).toBe(14 * 24 * 3600);
  });

  it('gives every Lambda target an on-failure destination for failed asynchronous invocations', () => {
    const functionIds = new Set(resourcesOf(fixture.template, 'AWS::Lambda::Function').map(([id]) => id));
    const withOnFailure = new Set(
      resourcesOf(fixture.template, 'AWS::Lambda::EventInvokeConfig')
        .filter(([, config]) => config.Properties['DestinationConfig']?.OnFailure?.Destination)
        .map(([, config]) => referencedId(config.Properties['FunctionName'])),
    );
    const lambdaTargets = targets()
      .map((t) => referencedId(t['Arn']))
      .filter((id) => id && functionIds.has(id));

    expect(lambdaTargets).toHaveLength(1);
    for (const id of lambdaTargets) expect(withOnFailure).toContain(id);
  });

  it('routes with the catalog pattern, content filter included, and partitions the stream by the given path', () => {
    fixture.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'], detail: { data: { totalMinor: [{ numeric: ['>=', 100] }] } } },
      Targets: [Match.objectLike({ KinesisParameters: { PartitionKeyPath: '$.detail.data.customerId' } })],
    });
  });

  it('reshapes what a Lambda target receives with an input transformer', () => {
    fixture.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({ InputTransformer: { InputPathsMap: { 'detail-data-sku': '$.detail.data.sku' }, InputTemplate: '{"sku":<detail-data-sku>}' } }),
      ],
    });
  });

  it('alarms on the failed invocations of each rule, by bus and rule name', () => {
    const alarmedRules = resourcesOf(fixture.template, 'AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties['MetricName'] === 'FailedInvocations')
      .map(([, a]) => {
        expect(a.Properties).toMatchObject({
          Namespace: 'AWS/Events',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        });
        expect(a.Properties['AlarmActions']).toHaveLength(1);
        const dimensions = Object.fromEntries(a.Properties['Dimensions'].map((d: { Name: string; Value: unknown }) => [d.Name, referencedId(d.Value)]));
        expect(dimensions['EventBusName']).toBe(busId());
        return dimensions['RuleName'];
      });

    expect(alarmedRules.sort()).toEqual(
      rules()
        .map(([id]) => id)
        .sort(),
    );
  });

  it('sends alarms to a TLS-only topic encrypted with a rotated key that CloudWatch may use', () => {
    const topics = resourcesOf(fixture.template, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0]!;
    const keyId = referencedId(topic.Properties['KmsMasterKeyId'])!;
    const key = fixture.template.toJSON().Resources[keyId];

    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    fixture.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    for (const [, alarm] of resourcesOf(fixture.template, 'AWS::CloudWatch::Alarm')) expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topicId }]);
  });

  it('shows each rule on the dashboard: matched events, invocations, failed invocations and its DLQ depth', () => {
    const body = JSON.stringify(resourcesOf(fixture.template, 'AWS::CloudWatch::Dashboard')[0]![1].Properties['DashboardBody']);

    for (const rule of ['TrendingToConsumer', 'OrderPlacedToWork', 'BigOrdersToActivity']) {
      expect(body).toContain(`${rule}: events`);
      expect(body).toContain(`${rule}: dead-letter queue`);
    }
    for (const metric of ['MatchedEvents', 'Invocations', 'FailedInvocations', 'ApproximateNumberOfMessagesVisible']) expect(body).toContain(metric);
  });

  it('lets a subscription override the retry policy', () => {
    // Prepare
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Overrides');
    const backbone = new EventBackbone(stack, 'Backbone', { retryAttempts: 3 });

    // Act
    backbone.subscribeQueue('Slow', {
      pattern: patternFor(OrderPlaced),
      queue: new SecureQueue(stack, 'Work'),
      description: 'test',
      maxEventAge: Duration.minutes(30),
    });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 1800 } })],
    });
  });

  it('refuses to subscribe a function that has no on-failure destination', () => {
    // Prepare
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Refused');
    const backbone = new EventBackbone(stack, 'Backbone');
    const fn = new EventfulFunction(stack, 'Sync', { name: 'sync', entry: FIXTURE_HANDLER, description: 'test', invokedAsynchronously: false });

    // Act
    const subscribe = () => backbone.subscribeFunction('ToSync', { pattern: patternFor(OrderPlaced), function: fn, description: 'test' });

    // Assess
    expect(subscribe).toThrow(ConstructUsageError);
    expect(subscribe).toThrow(/Refused\/Sync.*invokedAsynchronously: false/);
  });

  it('refuses to subscribe a FIFO queue without a message group', () => {
    // Prepare
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Fifo');
    const backbone = new EventBackbone(stack, 'Backbone');
    const queue = new SecureQueue(stack, 'Ordered', { fifo: true });

    // Act
    const subscribe = () => backbone.subscribeQueue('ToOrdered', { pattern: patternFor(OrderPlaced), queue, description: 'test' });

    // Assess
    expect(subscribe).toThrow(/Fifo\/Ordered.*messageGroupId/);
  });
});
