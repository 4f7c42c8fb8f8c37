import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeFixture } from './fixture-app.ts';

let template: Template;
beforeAll(() => {
  ({ template } = synthesizeFixture());
});

describe('EventfulFunction', () => {
  it('runs on nodejs24.x, arm64, with active X-Ray tracing', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 10,
      MemorySize: 512,
    });
  });

  it('logs JSON to its own log group with a retention period', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: { Ref: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('configures Powertools and source maps through the environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'fixture-consumer',
          POWERTOOLS_METRICS_NAMESPACE: 'eventful',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('sends failed asynchronous invocations to an on-failure queue after 2 retries', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsumerOnFailureQueue'), 'Arn'] } } },
    });
  });

  it('alarms on any function error', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^BackboneAlarmTopic') }],
    });
  });

  it('gets the platform environment and least-privilege grants when connected', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          EVENT_BUS_NAME: { Ref: Match.stringLikeRegexp('^BackboneBus') },
          CLAIM_CHECK_BUCKET: { Ref: Match.stringLikeRegexp('^ClaimChecks') },
          IDEMPOTENCY_TABLE: { Ref: Match.stringLikeRegexp('^Idempotency') },
        }),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('events:PutEvents');
    expect(policies).toContain('/claim-checks/*');
    expect(policies).not.toContain('s3:DeleteObject');
    expect(policies).not.toContain('s3:List');
  });
});
