import { Match, type Template } from 'aws-cdk-lib/assertions';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEventfulApp } from '../../infra/eventful-app.ts';
import { catalog } from '../../shared/events/index.ts';
import { synthesizeFixture } from './fixture-app.ts';

let template: Template;
beforeAll(() => {
  ({ template } = synthesizeFixture());
});

describe('EventfulStack', () => {
  it('registers one draft-4 JSON Schema per catalog event', () => {
    template.resourceCountIs('AWS::EventSchemas::Schema', catalog.length);
    for (const definition of catalog) {
      template.hasResourceProperties('AWS::EventSchemas::Schema', {
        RegistryName: 'eventful',
        SchemaName: `${definition.source}@${definition.detailType}`,
        Type: 'JSONSchemaDraft4',
      });
    }
  });

  it('keeps claim checks in an encrypted, private, TLS-only bucket that expires them after the archive', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'claim-checks/', ExpirationInDays: 37, Status: 'Enabled' })] },
    });
    expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).toContain('"aws:SecureTransport":"false"');
  });

  it('has the idempotency table in the layout Powertools expects, encrypted, with point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });
});

describe('the app', () => {
  it('synthesizes offline, with no account or credentials', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'eventful-app-'));

    const assembly = createEventfulApp({ outdir }).synth();

    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['Eventful']);
    expect(assembly.stacks[0]!.environment.account).toBe('unknown-account');
    const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });
});
