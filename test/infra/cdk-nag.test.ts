import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCheckedApp } from '../../infra/eventful-app.ts';
import { synthesizeEventfulApp, type SynthesizedEventfulApp } from './support/eventful-app.ts';
import { synthesizeFixtureApp, type FixtureApp } from './support/fixture-app.ts';
import { acknowledgementsIn, findingsIgnoringAcknowledgements, readValidationReport } from './support/nag.ts';

let eventful: SynthesizedEventfulApp;
let fixture: FixtureApp;
beforeAll(() => {
  // With CloudFormation validation on, as `cdk synth` runs it: the report must be empty of both.
  eventful = synthesizeEventfulApp({ cloudFormationValidation: true });
  fixture = synthesizeFixtureApp({ cloudFormationValidation: true });
});

/*
 * Every acknowledgement the project makes, where (construct path, with `*` for any id) and why it
 * is acceptable. Adding one means adding it here, on purpose.
 */
const EXPECTED_ACKNOWLEDGEMENTS = [
  // X-Ray's PutTraceSegments/PutTelemetryRecords only take Resource "*".
  { path: 'Fixture/Flow/Consumer/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::*]' },
  { path: 'Fixture/Flow/ApiRoute/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::*]' },
  // Claim-check keys are per event: GetObject/PutObject under the prefix.
  { path: 'Fixture/Flow/Consumer/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::<PlatformClaimChecksDFD3F762.Arn>/claim-checks/*]' },
  { path: 'Fixture/Flow/ApiRoute/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::<PlatformClaimChecksDFD3F762.Arn>/claim-checks/*]' },
  // Queues that are DLQs without a RedrivePolicy or DeadLetterConfig naming them.
  { path: 'Fixture/Flow/Consumer/OnFailure/Queue', id: 'AwsSolutions-SQS3' },
  { path: 'Fixture/Platform/Backbone/TrendingToConsumer/DeadLetter/Queue', id: 'AwsSolutions-SQS3' },
  { path: 'Fixture/Platform/Backbone/OrderPlacedToWork/DeadLetter/Queue', id: 'AwsSolutions-SQS3' },
  { path: 'Fixture/Platform/Backbone/BigOrdersToActivity/DeadLetter/Queue', id: 'AwsSolutions-SQS3' },
];

describe('the cdk-nag AwsSolutions gate', () => {
  it('synthesizes the deployed app with nothing unacknowledged, from cdk-nag or CloudFormation validation', () => {
    expect(readValidationReport(eventful.outdir).pluginReports).toEqual([]);
  });

  it('synthesizes a flow with a function, queue and stream subscription with nothing unacknowledged', () => {
    expect(readValidationReport(fixture.outdir).pluginReports).toEqual([]);
  });

  it('acknowledges exactly the listed findings, each on the narrowest construct', () => {
    const made = acknowledgementsIn(fixture.app).map(({ path, id }) => ({ path, id }));

    expect(made).toEqual(expect.arrayContaining(EXPECTED_ACKNOWLEDGEMENTS));
    expect(made).toHaveLength(EXPECTED_ACKNOWLEDGEMENTS.length);
  });

  it('acknowledges nothing in the deployed app before any flow exists', () => {
    expect(acknowledgementsIn(eventful.app)).toEqual([]);
  });

  it('gives every acknowledgement a reason that says why', () => {
    for (const { reason } of acknowledgementsIn(fixture.app)) expect(reason.length).toBeGreaterThan(40);
  });

  it('has no stale acknowledgement: each one hides a finding the checks really make', () => {
    // Prepare
    const findings = findingsIgnoringAcknowledgements(fixture.app);

    // Act
    const stale = acknowledgementsIn(fixture.app).filter(
      (ack) => !findings.some((f) => f.ruleName === ack.id && (f.constructPath === ack.path || f.constructPath.startsWith(`${ack.path}/`))),
    );

    // Assess
    expect(findings.length).toBeGreaterThan(0);
    expect(stale).toEqual([]);
  });

  it('fails the synth on a finding, so the gate above can fail', () => {
    // Prepare: a bare queue, without encryption policy, TLS or DLQ.
    const outdir = mkdtempSync(join(tmpdir(), 'eventful-nag-bad-'));
    const app: App = createCheckedApp({ outdir, builtinCloudFormationValidation: false });
    new sqs.Queue(new Stack(app, 'Bad'), 'Queue');

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS4/);
    const rules = readValidationReport(outdir).pluginReports.flatMap((report) => report.violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
