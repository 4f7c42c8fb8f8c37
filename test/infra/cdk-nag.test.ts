import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeFixture } from './fixture-app.ts';

describe('cdk-nag AwsSolutions gate', () => {
  it('finds nothing unsuppressed in the stack with a subscription of every target kind', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'eventful-nag-'));

    synthesizeFixture(outdir);

    const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  it('fails the synth when a construct breaks a rule, so the gate above can fail', async () => {
    // Prepare: a bare queue, unencrypted by policy and without DLQ or TLS.
    const outdir = await mkdtemp(join(tmpdir(), 'eventful-nag-bad-'));
    const app = new App({ outdir });
    new sqs.Queue(new Stack(app, 'Bad'), 'Queue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS3/);
    const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8'));
    const rules = report.pluginReports[0].violations.map((v: { ruleName: string }) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
