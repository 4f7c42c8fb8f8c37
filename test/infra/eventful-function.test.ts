import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeFixtureApp, type FixtureApp } from './support/fixture-app.ts';
import { referencedId, resourcesOf } from './support/template.ts';

let fixture: FixtureApp;
beforeAll(() => {
  fixture = synthesizeFixtureApp();
});

const functions = () => resourcesOf(fixture.template, 'AWS::Lambda::Function');
const logicalId = (construct: { node: { defaultChild?: unknown } }) => fixture.stack.getLogicalId(construct.node.defaultChild as never);

describe('EventfulFunction', () => {
  it('runs every function on nodejs24.x, arm64, with active X-Ray tracing', () => {
    expect(functions()).toHaveLength(2);
    for (const [, fn] of functions()) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it('uses the deliberate defaults of 10 seconds and 512 MB', () => {
    for (const [, fn] of functions()) expect(fn.Properties).toMatchObject({ Timeout: 10, MemorySize: 512 });
  });

  it('logs JSON to a log group of its own, kept 30 days', () => {
    const logGroups = new Map(resourcesOf(fixture.template, 'AWS::Logs::LogGroup'));

    for (const [, fn] of functions()) {
      expect(fn.Properties['LoggingConfig']).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' });
      const logGroup = logGroups.get(referencedId(fn.Properties['LoggingConfig'].LogGroup) ?? '');
      expect(logGroup?.Properties).toMatchObject({ RetentionInDays: 30 });
    }
  });

  it('configures Powertools (same log level as Lambda) and source maps through the environment', () => {
    const variables = fixture.template.toJSON().Resources[logicalId(fixture.consumer.function)].Properties.Environment.Variables;

    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'fixture-consumer',
      POWERTOOLS_METRICS_NAMESPACE: 'eventful',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('sends failed asynchronous invocations to an encrypted on-failure queue after 2 retries', () => {
    const configs = resourcesOf(fixture.template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => c);
    const config = configs[0]!;

    expect(configs).toHaveLength(1);
    expect(config.Properties).toMatchObject({
      FunctionName: { Ref: logicalId(fixture.consumer.function) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
    });
    expect(referencedId(config.Properties['DestinationConfig'].OnFailure.Destination)).toBe(logicalId(fixture.consumer.onFailure!.queue));
    fixture.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
  });

  it('creates no on-failure queue for a function invoked synchronously only', () => {
    const invokeConfigs = resourcesOf(fixture.template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties['FunctionName'].Ref);

    expect(fixture.apiRoute.onFailure).toBeUndefined();
    expect(invokeConfigs).not.toContain(logicalId(fixture.apiRoute.function));
  });

  it('alarms on any error of each function, notifying the alarm topic', () => {
    const errorAlarms = resourcesOf(fixture.template, 'AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties['MetricName'] === 'Errors');

    expect(errorAlarms.map(([, a]) => a.Properties['Dimensions'][0].Value.Ref).sort()).toEqual(
      [logicalId(fixture.consumer.function), logicalId(fixture.apiRoute.function)].sort(),
    );
    for (const [, alarm] of errorAlarms) {
      expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarm.Properties['AlarmActions']).toHaveLength(1);
    }
  });

  it('has a role with no managed policy, allowed to write its own log group only', () => {
    const consumerRole = fixture.template.toJSON().Resources[logicalId(fixture.consumer.role)];
    const policy = resourcesOf(fixture.template, 'AWS::IAM::Policy').find(([, p]) => p.Properties['Roles'][0].Ref === logicalId(fixture.consumer.role))!;
    const logs = policy[1].Properties['PolicyDocument'].Statement.find((s: { Action: string[] }) => s.Action.includes('logs:PutLogEvents'));

    expect(consumerRole.Properties.ManagedPolicyArns).toBeUndefined();
    expect(referencedId(logs.Resource)).toBe(logicalId(fixture.consumer.logGroup));
  });

  it('bundles the handler as minified ESM with a source map, leaving the AWS SDK to the runtime', () => {
    // Prepare
    const asset = readdirSync(fixture.outdir).find((name) => name.startsWith('asset.') && readdirSync(join(fixture.outdir, name)).includes('index.mjs'));
    expect(asset).toBeDefined();
    const dir = join(fixture.outdir, asset!);

    // Act
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');

    // Assess
    expect(readdirSync(dir)).toContain('index.mjs.map');
    expect(code).toMatch(/from\s*"@aws-sdk\/client-sqs"/);
    // With the SDK client inside, the bundle would weigh hundreds of KB.
    expect(code.length).toBeLessThan(2_000);
    expect(code.split('\n').length).toBeLessThan(5);
  });
});
