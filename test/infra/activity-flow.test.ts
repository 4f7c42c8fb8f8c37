import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import type { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { EventfulHttpApi } from '../../infra/constructs/eventful-http-api.ts';
import { EventfulPlatform } from '../../infra/constructs/eventful-platform.ts';
import { createCheckedApp } from '../../infra/eventful-app.ts';
import { ActivityFlow, type ActivityFlowProps } from '../../infra/flows/activity-flow.ts';
import { activitySettingsFromContext } from '../../infra/stacks/activity-settings.ts';
import { patternFor, ProductTrending } from '../../shared/events/index.ts';
import { readValidationReport } from './support/nag.ts';
import { referencedId, resourcesOf, type Resource } from './support/template.ts';

type FlowSettings = Omit<ActivityFlowProps, 'platform' | 'api'>;

function activityStack(settings: FlowSettings = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'eventful-activity-'));
  // No bundling: these tests read the template; the cdk-nag gate synthesizes the real app.
  const app = createCheckedApp({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Eventful');
  const platform = new EventfulPlatform(stack, 'Platform');
  const api = new EventfulHttpApi(stack, 'Api', { alarmTopic: platform.alarmTopic });
  const activity = new ActivityFlow(stack, 'Activity', { platform, api, ...settings });
  return { app, stack, platform, api, activity, outdir };
}

let built: ReturnType<typeof activityStack>;
let template: Template;
let resources: Record<string, Resource & { DeletionPolicy?: string }>;
beforeAll(() => {
  built = activityStack();
  built.app.synth();
  template = Template.fromStack(built.stack);
  resources = template.toJSON().Resources;
});

type FunctionName = keyof ActivityFlow['functions'];
const idOf = (construct: { node: { defaultChild?: unknown } }) => built.stack.getLogicalId(construct.node.defaultChild as never);
const fn = (name: FunctionName): EventfulFunction => built.activity.functions[name];
const fnId = (name: FunctionName) => idOf(fn(name).function);

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the function's own role. */
function statementsOf(name: FunctionName): Statement[] {
  const roleId = idOf(fn(name).role);
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties['Roles'].some((role: unknown) => referencedId(role) === roleId))
    .flatMap(([, policy]) => policy.Properties['PolicyDocument'].Statement as Statement[]);
}

/** The actions `name` may call on `resource` (rendered as in the template). */
const actionsOn = (name: FunctionName, resource: unknown) =>
  statementsOf(name)
    .filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)))
    .flatMap((s) => [s.Action].flat())
    .sort();

/** Every resource `name` may call a DynamoDB action on, besides the platform's idempotency table. */
const dynamoResourcesOf = (name: FunctionName) =>
  statementsOf(name)
    .filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')))
    .flatMap((s) => [s.Resource].flat())
    .filter((resource) => referencedId(resource) !== idOf(built.platform.idempotencyTable));

const kinesisMapping = () =>
  resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find(([, m]) => referencedId(m.Properties['FunctionName']) === fnId('aggregateActivity'))![1];

describe('ActivityFlow', () => {
  it('writes activity to a provisioned one-shard stream encrypted with the AWS managed key, kept 24 hours', () => {
    expect(resources[idOf(built.activity.stream)]!.Properties).toMatchObject({
      ShardCount: 1,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: 24,
    });
  });

  it('aggregates the stream in 60-second tumbling windows from the oldest record, one batch per shard at a time', () => {
    expect(kinesisMapping().Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [idOf(built.activity.stream), 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      TumblingWindowInSeconds: 60,
      BatchSize: 100,
      ParallelizationFactor: 1,
    });
  });

  it('bisects a failing batch, retries it 3 times or for an hour, reports partial failures, then describes it in an alarmed queue', () => {
    const failures = built.activity.aggregateFailures;

    expect(kinesisMapping().Properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idOf(failures.queue), 'Arn'] } } },
    });
    expect(resources[idOf(failures.depthAlarm)]!.Properties['AlarmActions']).toEqual([{ Ref: idOf(built.platform.alarmTopic as never) }]);
  });

  it('alarms when the aggregator reads the stream more than 5 minutes behind, three minutes in a row', () => {
    expect(resources[idOf(built.activity.iteratorAgeAlarm)]!.Properties).toMatchObject({
      Namespace: 'AWS/Kinesis',
      MetricName: 'GetRecords.IteratorAgeMilliseconds',
      Dimensions: [{ Name: 'StreamName', Value: { Ref: idOf(built.activity.stream) } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 300_000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      AlarmActions: [{ Ref: idOf(built.platform.alarmTopic as never) }],
    });
  });

  it('gives the aggregator the stats table and the trending threshold (50 views by default)', () => {
    expect(resources[fnId('aggregateActivity')]!.Properties['Environment'].Variables).toMatchObject({
      STATS_TABLE: { Ref: idOf(built.activity.stats.table) },
      TRENDING_THRESHOLD: '50',
    });
  });

  it('takes the window and the threshold as settings', () => {
    // Prepare
    const custom = activityStack({ windowSeconds: 5, trendingThreshold: 3 });

    // Act
    const customTemplate = Template.fromStack(custom.stack);

    // Assess
    customTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', { TumblingWindowInSeconds: 5 });
    customTemplate.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TRENDING_THRESHOLD: '3' }) } });
  });

  it.each<[string, FlowSettings, RegExp]>([
    ['a window of 0 seconds', { windowSeconds: 0 }, /windowSeconds must be an integer from 1 to 900, got 0/],
    ['a window over Lambda’s 900-second limit', { windowSeconds: 901 }, /windowSeconds must be an integer from 1 to 900, got 901/],
    ['a fractional window', { windowSeconds: 1.5 }, /windowSeconds must be an integer from 1 to 900, got 1.5/],
    ['a threshold of 0', { trendingThreshold: 0 }, /trendingThreshold must be a positive integer, got 0/],
    ['no shard', { shardCount: 0 }, /shardCount must be a positive integer, got 0/],
  ])('refuses %s, naming the flow and the setting', (_case, settings, message) => {
    // Act
    const build = () => activityStack(settings);

    // Assess
    expect(build).toThrow(ConstructUsageError);
    expect(build).toThrow(message);
    expect(build).toThrow(/Eventful\/Activity:/);
  });

  it('keeps closed windows by product and window start, with the by-day index of every window, retained and deletion protected', () => {
    expect(resources[idOf(built.activity.stats.table)]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'sku', KeyType: 'HASH' },
          { AttributeName: 'windowStart', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'by-day',
            KeySchema: [
              { AttributeName: 'day', KeyType: 'HASH' },
              { AttributeName: 'windowKey', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      },
    });
  });

  it('keeps promotions by product and window start, retained and deletion protected', () => {
    expect(resources[idOf(built.activity.promotions.table)]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'sku', KeyType: 'HASH' },
          { AttributeName: 'windowStart', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      },
    });
  });

  it.each<[string, FunctionName]>([
    ['POST /activity', 'ingestActivity'],
    ['GET /products/{sku}/stats', 'getProductStats'],
  ])('routes %s to %s, invoked synchronously only', (routeKey, name) => {
    // Prepare
    const route = resourcesOf(template, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties['RouteKey'] === routeKey)![1];
    const integrationId = JSON.stringify(route.Properties['Target']).match(/"Ref":"([^"]+)"/)![1]!;

    // Act
    const uri = resources[integrationId]!.Properties['IntegrationUri'];

    // Assess
    expect(referencedId(uri)).toBe(fnId(name));
    expect(fn(name).onFailure).toBeUndefined();
  });

  it('lets ingest write to the stream it is given', () => {
    expect(resources[fnId('ingestActivity')]!.Properties['Environment'].Variables.ACTIVITY_STREAM_NAME).toEqual({ Ref: idOf(built.activity.stream) });
    expect(actionsOn('ingestActivity', { 'Fn::GetAtt': [idOf(built.activity.stream), 'Arn'] })).toEqual(
      expect.arrayContaining(['kinesis:PutRecord', 'kinesis:PutRecords']),
    );
  });

  it('lets the aggregator get, put and update windows on the base table, never delete', () => {
    // Prepare
    const tableArn = { 'Fn::GetAtt': [idOf(built.activity.stats.table), 'Arn'] };

    // Assess
    expect(dynamoResourcesOf('aggregateActivity')).toEqual([tableArn]);
    expect(actionsOn('aggregateActivity', tableArn)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('lets the stats route query the base table, and the summary the by-day index, nothing else', () => {
    // Prepare
    const tableArn = { 'Fn::GetAtt': [idOf(built.activity.stats.table), 'Arn'] };

    // Assess
    expect(dynamoResourcesOf('getProductStats')).toEqual([tableArn]);
    expect(actionsOn('getProductStats', tableArn)).toEqual(['dynamodb:Query']);
    expect(dynamoResourcesOf('summarizeActivity')).toEqual([{ 'Fn::Join': ['', [tableArn, '/index/by-day']] }]);
    expect(actionsOn('summarizeActivity', { 'Fn::Join': ['', [tableArn, '/index/by-day']] })).toEqual(['dynamodb:Query']);
  });

  it('routes ProductTrending from the bus to promote-trending-product, which may only put promotions', () => {
    // Prepare
    const rule = resourcesOf(template, 'AWS::Events::Rule').find(
      ([, r]) => referencedId(r.Properties['Targets'][0].Arn) === fnId('promoteTrendingProduct'),
    )![1];

    // Assess
    expect(rule.Properties['EventBusName']).toEqual({ Ref: idOf(built.platform.backbone.bus) });
    expect(rule.Properties['EventPattern']).toEqual(patternFor(ProductTrending));
    expect(resources[fnId('promoteTrendingProduct')]!.Properties['Environment'].Variables.PROMOTIONS_TABLE).toEqual({
      Ref: idOf(built.activity.promotions.table),
    });
    expect(actionsOn('promoteTrendingProduct', { 'Fn::GetAtt': [idOf(built.activity.promotions.table), 'Arn'] })).toEqual(['dynamodb:PutItem']);
    expect(fn('promoteTrendingProduct').onFailure).toBeDefined();
  });

  it('summarizes the day before at 00:05 UTC with the scheduled time as input, retrying, then to an alarmed DLQ', () => {
    expect(resources[idOf(built.activity.summarySchedule)]!.Properties).toMatchObject({
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [fnId('summarizeActivity'), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [idOf(built.activity.summaryScheduleFailures.queue), 'Arn'] } },
      },
    });
    expect(resources[fnId('summarizeActivity')]!.Properties['Environment'].Variables.STATS_TABLE).toEqual({ Ref: idOf(built.activity.stats.table) });
  });

  it('passes the cdk-nag gate', () => {
    expect(readValidationReport(built.outdir).pluginReports).toEqual([]);
  });
});

describe('activitySettingsFromContext', () => {
  const contextOf = (context: Record<string, unknown>) => new Stack(new App({ context }), 'Settings');

  it.each([
    ['numbers, as an in-process app gives them', 5, 3],
    ['strings, as `cdk synth -c` gives them', '5', '3'],
  ])('reads the window and the threshold from %s', (_case, windowSeconds, trendingThreshold) => {
    // Act
    const settings = activitySettingsFromContext(
      contextOf({ 'eventful:activityWindowSeconds': windowSeconds, 'eventful:trendingThreshold': trendingThreshold }),
    );

    // Assess
    expect(settings).toEqual({ windowSeconds: 5, trendingThreshold: 3 });
  });

  it("leaves absent settings to the flow's defaults", () => {
    expect(activitySettingsFromContext(contextOf({}))).toEqual({});
  });

  it.each([['sixty'], [''], [true]])('refuses a value that is not a number (%j), naming the key', (value) => {
    // Act
    const read = () => activitySettingsFromContext(contextOf({ 'eventful:activityWindowSeconds': value }));

    // Assess
    expect(read).toThrow(ConstructUsageError);
    expect(read).toThrow(`context eventful:activityWindowSeconds must be a number, got ${JSON.stringify(value)}`);
  });
});
