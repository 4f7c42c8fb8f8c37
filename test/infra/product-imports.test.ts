import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventfulPlatform } from '../../infra/constructs/eventful-platform.ts';
import { createCheckedApp } from '../../infra/eventful-app.ts';
import { ProductCatalog } from '../../infra/constructs/product-catalog.ts';
import { ProductImports } from '../../infra/flows/product-imports.ts';
import { generatedName } from '../../local/loader/physical-names.ts';
import { acknowledgementsIn, readValidationReport } from './support/nag.ts';
import { referencedId, resourcesOf, type Resource } from './support/template.ts';

function importsStack() {
  const outdir = mkdtempSync(join(tmpdir(), 'eventful-imports-'));
  // No bundling: these tests read the template; the cdk-nag gate synthesizes the real app.
  const app = createCheckedApp({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Eventful');
  const platform = new EventfulPlatform(stack, 'Platform');
  const catalog = new ProductCatalog(stack, 'Catalog');
  const imports = new ProductImports(stack, 'ProductImports', { platform, catalog });
  app.synth();
  return { app, stack, platform, catalog, imports, outdir, template: Template.fromStack(stack) };
}

let built: ReturnType<typeof importsStack>;
let resources: Record<string, Resource>;
beforeAll(() => {
  built = importsStack();
  resources = built.template.toJSON().Resources as Record<string, Resource>;
});

const idOf = (construct: { node: { defaultChild?: unknown } }) => built.stack.getLogicalId(construct.node.defaultChild as never);

/** The statements of the import function's inline policy. */
function importStatements(): { Action: string | string[]; Resource: unknown }[] {
  const roleId = idOf(built.imports.importProducts.role);
  const policy = resourcesOf(built.template, 'AWS::IAM::Policy').find(([, p]) => p.Properties['Roles'].some((r: unknown) => referencedId(r) === roleId));
  return policy![1].Properties['PolicyDocument'].Statement;
}

const actionsOn = (resource: unknown) =>
  importStatements()
    .filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(resource)))
    .flatMap((s) => [s.Action].flat());

describe('ProductImports', () => {
  it('names the bucket with "imports" in it, on AWS and in the local runtime', () => {
    // Prepare
    const bucketId = idOf(built.imports.bucket);

    // Act
    const localName = generatedName('Eventful', bucketId, { maxLength: 63, lowercase: true });

    // Assess: CloudFormation generates `<stack>-<logical id>-<suffix>`, lowercased, as the runtime does.
    expect(resources[bucketId]!.Properties['BucketName']).toBeUndefined();
    expect(bucketId.toLowerCase()).toContain('imports');
    expect(localName).toContain('imports');
  });

  it('keeps the bucket private, encrypted and TLS-only, logging access to the platform log bucket', () => {
    const bucket = resources[idOf(built.imports.bucket)]!.Properties;

    expect(bucket).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'imports/' },
    });
    expect(referencedId(bucket['LoggingConfiguration'].DestinationBucketName)).toBe(idOf(built.platform.accessLogsBucket));
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: idOf(built.imports.bucket) },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('expires reports after 90 days and aborts abandoned multipart uploads', () => {
    expect(resources[idOf(built.imports.bucket)]!.Properties['LifecycleConfiguration'].Rules).toEqual([
      expect.objectContaining({ Prefix: 'reports/', ExpirationInDays: 90, Status: 'Enabled' }),
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    ]);
  });

  it('sends the bucket object events to EventBridge by its own configuration, without a custom resource', () => {
    expect(resources[idOf(built.imports.bucket)]!.Properties['NotificationConfiguration']).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(resourcesOf(built.template, 'Custom::S3BucketNotifications')).toEqual([]);
    expect(resourcesOf(built.template, 'AWS::Lambda::Function')).toHaveLength(1);
  });

  it('routes CSV files created in this bucket, from the default bus, to the import queue', () => {
    const rule = resources[idOf(built.imports.rule)]!.Properties;

    expect(rule['EventBusName']).toBeUndefined();
    expect(rule['EventPattern']).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: [{ Ref: idOf(built.imports.bucket) }] },
        object: { key: [{ suffix: { 'equals-ignore-case': '.csv' } }] },
      },
    });
    expect(rule['Targets']).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [idOf(built.imports.queue.queue), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [idOf(built.imports.ruleDeadLetterQueue.queue), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 },
      }),
    ]);
  });

  it('alarms when the rule fails to deliver, on the default bus dimension alone', () => {
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'FailedInvocations',
      Dimensions: [{ Name: 'RuleName', Value: { Ref: idOf(built.imports.rule) } }],
      Threshold: 0,
      AlarmActions: Match.anyValue(),
    });
  });

  it('imports one file per invocation for up to 15 minutes with 1024 MB, the queue hiding it six times as long', () => {
    const fn = resources[idOf(built.imports.importProducts.function)]!.Properties;
    const queue = resources[idOf(built.imports.queue.queue)]!.Properties;

    expect(fn).toMatchObject({ Timeout: 900, MemorySize: 1024 });
    expect(fn['Environment'].Variables.PRODUCTS_TABLE).toEqual({ Ref: idOf(built.catalog.table) });
    expect(queue['VisibilityTimeout']).toBeGreaterThanOrEqual(6 * fn['Timeout']);
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf(built.imports.queue.queue), 'Arn'] },
      FunctionName: { Ref: idOf(built.imports.importProducts.function) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('lets the function read any object of the bucket but write under reports/ only', () => {
    // Prepare
    const bucketArn = { 'Fn::GetAtt': [idOf(built.imports.bucket), 'Arn'] };

    // Act
    const onObjects = actionsOn({ 'Fn::Join': ['', [bucketArn, '/*']] });
    const onReports = actionsOn({ 'Fn::Join': ['', [bucketArn, '/reports/*']] });

    // Assess
    expect(onObjects).toEqual(['s3:GetObject']);
    expect(onReports).toEqual(['s3:PutObject']);
    // PutObject on reports/ and on claim checks (events too large for the bus), nowhere else.
    expect(
      importStatements()
        .filter((s) => [s.Action].flat().includes('s3:PutObject'))
        .flatMap((s) => [s.Resource].flat()),
    ).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(built.platform.claimCheckBucket), 'Arn'] }, '/claim-checks/*']] },
      { 'Fn::Join': ['', [bucketArn, '/reports/*']] },
    ]);
  });

  it('lets the function batch-write products and publish to the bus, nothing more on either', () => {
    expect(actionsOn({ 'Fn::GetAtt': [idOf(built.catalog.table), 'Arn'] })).toEqual(['dynamodb:BatchWriteItem']);
    expect(actionsOn({ 'Fn::GetAtt': [idOf(built.platform.backbone.bus), 'Arn'] })).toEqual(['events:PutEvents']);
  });

  it('passes the cdk-nag gate, acknowledging the two object wildcards on the function policy only', () => {
    // Prepare
    const policyPath = `${built.imports.importProducts.role.node.path}/DefaultPolicy`;
    const bucketId = idOf(built.imports.bucket);

    // Act
    const made = acknowledgementsIn(built.app).filter((a) => a.path.startsWith(built.imports.node.path) && a.id.includes(bucketId));

    // Assess
    expect(made.map(({ path, id }) => ({ path, id }))).toEqual([
      { path: policyPath, id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]` },
      { path: policyPath, id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/reports/*]` },
    ]);
    expect(readValidationReport(built.outdir).pluginReports).toEqual([]);
  });
});
