import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEventfulApp } from '../../infra/eventful-app.ts';
import type { EventfulStack } from '../../infra/stacks/eventful-stack.ts';
import { catalog, toJsonSchema } from '../../shared/events/index.ts';
import { synthesizeEventfulApp, type SynthesizedEventfulApp } from './support/eventful-app.ts';
import { referencedId, resourcesOf } from './support/template.ts';

let eventful: SynthesizedEventfulApp;
beforeAll(() => {
  eventful = synthesizeEventfulApp();
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => eventful.stack.getLogicalId(construct.node.defaultChild as never);

describe('the Eventful stack', () => {
  it('is one environment-agnostic stack named Eventful, synthesized without account or credentials', () => {
    expect(eventful.stack.stackName).toBe('Eventful');
    expect(Token.isUnresolved(eventful.stack.account)).toBe(true);
    expect(eventful.stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('has the eventful bus and its 30-day archive', () => {
    eventful.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'eventful' });
    eventful.template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 30 });
  });

  it('registers one draft-4 JSON Schema per catalog event and version, generated from its definition', () => {
    const schemas = new Map(resourcesOf(eventful.template, 'AWS::EventSchemas::Schema').map(([, s]) => [s.Properties['SchemaName'], s.Properties]));
    const registryId = eventful.stack.getLogicalId(eventful.stack.platform.registry.registry);
    const versions = catalog.flatMap((definition) => Array.from({ length: definition.version }, (_, index) => [definition, index + 1] as const));

    expect(schemas.size).toBe(versions.length);
    for (const [definition, version] of versions) {
      const suffix = version === definition.version ? '' : `@v${version}`;
      const schema = schemas.get(`${definition.source}@${definition.detailType}${suffix}`);
      expect(schema).toMatchObject({ Type: 'JSONSchemaDraft4', RegistryName: { 'Fn::GetAtt': [registryId, 'RegistryName'] } });
      expect(JSON.parse(schema!['Content'])).toEqual(toJsonSchema(definition, version));
    }
    eventful.template.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'eventful' });
  });

  it('keeps claim checks in an encrypted, private, TLS-only bucket that expires them a week after the archive would', () => {
    const bucketId = logicalId(eventful.stack.platform.claimCheckBucket);
    const bucket = eventful.template.toJSON().Resources[bucketId].Properties;

    expect(bucket).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ Prefix: 'claim-checks/', ExpirationInDays: 37, Status: 'Enabled' })] },
    });
    eventful.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('logs access to the claim-check bucket into a private, TLS-only bucket that expires the logs', () => {
    const claimChecks = eventful.template.toJSON().Resources[logicalId(eventful.stack.platform.claimCheckBucket)].Properties;
    const logsId = logicalId(eventful.stack.platform.accessLogsBucket);

    expect(referencedId(claimChecks.LoggingConfiguration.DestinationBucketName)).toBe(logsId);
    expect(eventful.template.toJSON().Resources[logsId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 90 })] },
    });
  });

  it('has the idempotency table in the layout Powertools expects, on demand, encrypted, with point-in-time recovery', () => {
    eventful.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('outputs the HTTP API URL as ApiUrl', () => {
    expect(eventful.template.toJSON().Outputs).toHaveProperty('ApiUrl');
  });

  it('gives the orders flow the catalog table as Products and the stack API for its routes', () => {
    const productsId = logicalId(eventful.stack.catalog.table);
    const reserveInventory = eventful.template.toJSON().Resources[logicalId(eventful.stack.orders.functions.reserveInventory.function)];
    const apiId = eventful.stack.getLogicalId(eventful.stack.api.httpApi.node.defaultChild as never);

    expect(reserveInventory.Properties.Environment.Variables.PRODUCTS_TABLE).toEqual({ Ref: productsId });
    for (const [, route] of resourcesOf(eventful.template, 'AWS::ApiGatewayV2::Route')) expect(route.Properties['ApiId']).toEqual({ Ref: apiId });
    expect(resourcesOf(eventful.template, 'AWS::ApiGatewayV2::Api')).toHaveLength(1);
  });

  it('gives the imports flow the catalog table as Products and adds the activity routes to the stack API', () => {
    const productsId = logicalId(eventful.stack.catalog.table);
    const importProducts = eventful.template.toJSON().Resources[logicalId(eventful.stack.imports.importProducts.function)];
    const routeKeys = resourcesOf(eventful.template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties['RouteKey']);

    expect(importProducts.Properties.Environment.Variables.PRODUCTS_TABLE).toEqual({ Ref: productsId });
    expect(routeKeys).toEqual(expect.arrayContaining(['POST /activity', 'GET /products/{sku}/stats']));
  });

  it('takes the activity window and trending threshold from the app context', () => {
    // Prepare: no bundling, the template is all this reads.
    const context = { 'eventful:activityWindowSeconds': '5', 'eventful:trendingThreshold': 3, 'aws:cdk:bundling-stacks': [] };
    const app = createEventfulApp({ outdir: mkdtempSync(join(tmpdir(), 'eventful-context-')), context, builtinCloudFormationValidation: false });

    // Act
    const stack = app.node.findChild('Eventful') as EventfulStack;

    // Assess
    expect([stack.activity.windowSeconds, stack.activity.trendingThreshold]).toEqual([5, 3]);
    expect(Template.fromStack(stack).findResources('AWS::Lambda::EventSourceMapping', { Properties: { TumblingWindowInSeconds: 5 } })).not.toEqual({});
  });

  it('takes the payment window from the app context', () => {
    // Prepare: no bundling, the template is all this reads.
    const context = { 'eventful:paymentWindowMinutes': '1', 'aws:cdk:bundling-stacks': [] };
    const app = createEventfulApp({ outdir: mkdtempSync(join(tmpdir(), 'eventful-context-')), context, builtinCloudFormationValidation: false });

    // Act
    const stack = app.node.findChild('Eventful') as EventfulStack;

    // Assess
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { PAYMENT_WINDOW_MINUTES: '1' } } },
    });
    expect(Object.keys(functions)).toHaveLength(1);
  });

  it('uses the feature flags of cdk.json when built in-process', () => {
    expect(eventful.app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
  });
});
