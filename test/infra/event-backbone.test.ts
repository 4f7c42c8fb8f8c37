import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCdkPattern } from '../../infra/constructs/event-backbone.ts';
import { OrderPlaced, patternFor } from '../../shared/events/index.ts';
import { synthesizeFixture } from './fixture-app.ts';

let template: Template;
beforeAll(() => {
  ({ template } = synthesizeFixture());
});

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe('EventBackbone', () => {
  it('creates the custom bus named eventful', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'eventful' });
  });

  it('archives every event of the bus for 30 days', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackboneBus'), 'Arn'] },
      RetentionDays: 30,
    });
  });

  it('gives every rule target a retry policy and a dead-letter queue', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule') as Resources);

    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      for (const target of rule.Properties['Targets'] as Record<string, unknown>[]) {
        expect(target).toMatchObject({
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/DeliveryDLQ/), 'Arn'] } },
        });
      }
    }
  });

  it('puts every rule on the custom bus, not the default one', () => {
    for (const rule of Object.values(template.findResources('AWS::Events::Rule') as Resources)) {
      expect(rule.Properties['EventBusName']).toEqual({ Ref: expect.stringMatching(/^BackboneBus/) });
    }
  });

  it('routes with the catalog pattern, content filter included', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'], detail: { data: { total: [{ numeric: ['>=', 100] }] } } },
      Targets: [Match.objectLike({ KinesisParameters: { PartitionKeyPath: '$.detail.data.customerId' } })],
    });
  });

  it('reshapes what a Lambda target receives with an input transformer', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ InputTransformer: { InputPathsMap: { 'detail-data-sku': '$.detail.data.sku' }, InputTemplate: '{"sku":<detail-data-sku>}' } })],
    });
  });

  it('alarms on failed invocations of each rule', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).filter((a) => a.Properties['MetricName'] === 'FailedInvocations');

    expect(alarms).toHaveLength(3);
  });

  it('sends alarms to a TLS-only topic encrypted with a rotated key CloudWatch may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackboneAlarmTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(JSON.stringify(template.findResources('AWS::KMS::Key'))).toContain('cloudwatch.amazonaws.com');
    expect(JSON.stringify(template.findResources('AWS::SNS::TopicPolicy'))).toContain('"aws:SecureTransport":"false"');
  });

  it('has a dashboard with a widget per rule', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));

    for (const rule of ['TrendingToConsumer', 'OrderPlacedToWork', 'OrderPlacedToStream']) expect(body).toContain(`Rule ${rule}`);
  });

  it('converts the catalog pattern spelling (detail-type) to CDK’s (detailType)', () => {
    expect(toCdkPattern(patternFor(OrderPlaced))).toEqual({ source: ['eventful.orders'], detailType: ['OrderPlaced'] });
  });
});
