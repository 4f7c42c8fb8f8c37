import { type App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeLocally } from '../../cli/synthesize-for-start.ts';
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
 * Every acknowledgement the fixture flow makes, where (construct path) and why it is acceptable.
 * Adding one means adding it here, on purpose.
 */
const EXPECTED_ACKNOWLEDGEMENTS = [
  // X-Ray's PutTraceSegments/PutTelemetryRecords only take Resource "*".
  { path: 'Fixture/Flow/Consumer/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::*]' },
  { path: 'Fixture/Flow/ApiRoute/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::*]' },
  // Claim-check keys are per event: GetObject/PutObject under the prefix, acknowledged once per policy.
  // The API route is granted nothing of the platform, so it has no such finding.
  { path: 'Fixture/Flow/Consumer/Role/DefaultPolicy', id: 'AwsSolutions-IAM5[Resource::<PlatformClaimChecksDFD3F762.Arn>/claim-checks/*]' },
  // Queues that are DLQs without a RedrivePolicy or DeadLetterConfig naming them.
  { path: 'Fixture/Flow/Consumer/OnFailure/Queue', id: 'AwsSolutions-SQS3' },
  { path: 'Fixture/Platform/Backbone/TrendingToConsumer/DeadLetter/Queue', id: 'AwsSolutions-SQS3' },
  { path: 'Fixture/Platform/Backbone/OrderPlacedToWork/DeadLetter/Queue', id: 'AwsSolutions-SQS3' },
  { path: 'Fixture/Platform/Backbone/BigOrdersToActivity/DeadLetter/Queue', id: 'AwsSolutions-SQS3' },
];

const XRAY_WILDCARD = 'AwsSolutions-IAM5[Resource::*]';
const CLAIM_CHECK_PREFIX = 'AwsSolutions-IAM5[Resource::<PlatformClaimChecksDFD3F762.Arn>/claim-checks/*]';
const NOT_SEEN_AS_DLQ = 'AwsSolutions-SQS3';

/**
 * What every function acknowledges on its own policy (X-Ray; the claim-check prefix for the functions
 * granted claim checks), and on its on-failure queue when invoked asynchronously.
 */
function functionAcknowledgements(path: string, { invokedAsynchronously, claimChecks = false }: { invokedAsynchronously: boolean; claimChecks?: boolean }) {
  return [
    { path: `${path}/Role/DefaultPolicy`, id: XRAY_WILDCARD, reason: expect.stringContaining('X-Ray') },
    ...(claimChecks ? [{ path: `${path}/Role/DefaultPolicy`, id: CLAIM_CHECK_PREFIX, reason: expect.stringContaining('claim-checks/ prefix') }] : []),
    ...(invokedAsynchronously ? [{ path: `${path}/OnFailure/Queue`, id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining('on-failure destination') }] : []),
  ];
}

/** The dead-letter queue of a backbone subscription. */
function subscriptionAcknowledgement(id: string) {
  return { path: `Eventful/Platform/Backbone/${id}/DeadLetter/Queue`, id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining(`rule ${id}'s target`) };
}

/*
 * Every acknowledgement of the deployed app, flow by flow: where (the narrowest construct), which
 * finding, and the gist of why. Adding one means adding it here, on purpose.
 */
const ORDERS_ACKNOWLEDGEMENTS = [
  // The orders flow's own functions, then those of its parts (infra/flows/orders/).
  ...['PlaceOrder', 'GetOrder', 'Relay/RelayEvents', 'Inventory/ReserveInventory', 'Payments/PaymentWebhook', 'Projection/ProjectOrder'].flatMap((fn) =>
    functionAcknowledgements(`Eventful/Orders/${fn}`, { invokedAsynchronously: false }),
  ),
  ...['Payments/RecordPayment', 'Notifications/SendNotification', 'Expiry/ExpireUnpaidOrders'].flatMap((fn) =>
    functionAcknowledgements(`Eventful/Orders/${fn}`, { invokedAsynchronously: true }),
  ),
  ...['OrderPlacedToInventory', 'PaymentReceivedToRecordPayment', 'PaymentsNeedingAttention', 'OrderEventsToProjection', 'OrderNotifications'].map(
    subscriptionAcknowledgement,
  ),
  { path: 'Eventful/Orders/Relay/Failures/Queue', id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining('on-failure destination') },
  { path: 'Eventful/Orders/Expiry/ScheduleFailures/Queue', id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining("schedule's dead-letter queue") },
  // The provider signs with the shared key: rotation is coordinated with it, not automatic.
  { path: 'Eventful/Orders/Payments/Secret', id: 'AwsSolutions-SMG4', reason: expect.stringContaining('coordinated change') },
  // Routes without an authorizer, each saying why: HMAC signature, or public storefront (and what production adds).
  { path: 'Eventful/Api/Api/POST--webhooks--payments', id: 'AwsSolutions-APIG4', reason: expect.stringContaining('HMAC-SHA256 Webhook-Signature') },
  { path: 'Eventful/Api/Api/POST--orders', id: 'AwsSolutions-APIG4', reason: expect.stringContaining('JWT authorizer') },
  { path: 'Eventful/Api/Api/GET--orders--{orderId}', id: 'AwsSolutions-APIG4', reason: expect.stringContaining('JWT authorizer') },
];

const ACTIVITY_ACKNOWLEDGEMENTS = [
  ...['IngestActivity', 'GetProductStats'].flatMap((fn) => functionAcknowledgements(`Eventful/Activity/${fn}`, { invokedAsynchronously: false })),
  // Publishes ProductTrending with claim checks; promote-trending-product reads them; the summary publishes with them.
  ...functionAcknowledgements('Eventful/Activity/AggregateActivity', { invokedAsynchronously: false, claimChecks: true }),
  ...['PromoteTrendingProduct', 'SummarizeActivity'].flatMap((fn) =>
    functionAcknowledgements(`Eventful/Activity/${fn}`, { invokedAsynchronously: true, claimChecks: true }),
  ),
  subscriptionAcknowledgement('PromoteTrending'),
  { path: 'Eventful/Activity/AggregateFailures/Queue', id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining('on-failure destination') },
  { path: 'Eventful/Activity/SummaryScheduleFailures/Queue', id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining("schedule's dead-letter queue") },
  // Public storefront routes, each saying why (and what production adds).
  { path: 'Eventful/Api/Api/POST--activity', id: 'AwsSolutions-APIG4', reason: expect.stringContaining('WAF rate rule') },
  { path: 'Eventful/Api/Api/GET--products--{sku}--stats', id: 'AwsSolutions-APIG4', reason: expect.stringContaining('WAF rate rule') },
];

const IMPORTS_ACKNOWLEDGEMENTS = [
  ...functionAcknowledgements('Eventful/ProductImports/ImportProducts', { invokedAsynchronously: false, claimChecks: true }),
  // Users choose the file keys: GetObject on the bucket's objects; reports follow them: PutObject under reports/ only.
  {
    path: 'Eventful/ProductImports/ImportProducts/Role/DefaultPolicy',
    id: 'AwsSolutions-IAM5[Resource::<ProductImports60E43461.Arn>/*]',
    reason: expect.stringContaining('GetObject'),
  },
  {
    path: 'Eventful/ProductImports/ImportProducts/Role/DefaultPolicy',
    id: 'AwsSolutions-IAM5[Resource::<ProductImports60E43461.Arn>/reports/*]',
    reason: expect.stringContaining('PutObject under reports/ only'),
  },
  { path: 'Eventful/ProductImports/RuleDeadLetter/Queue', id: NOT_SEEN_AS_DLQ, reason: expect.stringContaining("imports rule's target") },
];

const DEPLOYED_ACKNOWLEDGEMENTS = [...ORDERS_ACKNOWLEDGEMENTS, ...ACTIVITY_ACKNOWLEDGEMENTS, ...IMPORTS_ACKNOWLEDGEMENTS];

describe('the cdk-nag AwsSolutions gate', () => {
  it('synthesizes the deployed app with nothing unacknowledged, from cdk-nag or CloudFormation validation', () => {
    expect(readValidationReport(eventful.outdir).pluginReports).toEqual([]);
  });

  it('synthesizes a flow with a function, queue and stream subscription with nothing unacknowledged', () => {
    expect(readValidationReport(fixture.outdir).pluginReports).toEqual([]);
  });

  it('acknowledges exactly the listed findings in the fixture flow, each on the narrowest construct', () => {
    const made = acknowledgementsIn(fixture.app).map(({ path, id }) => ({ path, id }));

    expect(made).toEqual(expect.arrayContaining(EXPECTED_ACKNOWLEDGEMENTS));
    expect(made).toHaveLength(EXPECTED_ACKNOWLEDGEMENTS.length);
  });

  it('acknowledges exactly the listed findings in the deployed app, each on the narrowest construct, with its reason', () => {
    const made = acknowledgementsIn(eventful.app);

    expect(made).toEqual(expect.arrayContaining(DEPLOYED_ACKNOWLEDGEMENTS));
    expect(made).toHaveLength(DEPLOYED_ACKNOWLEDGEMENTS.length);
  });

  it('gives every acknowledgement a reason that says why', () => {
    for (const { reason } of [...acknowledgementsIn(fixture.app), ...acknowledgementsIn(eventful.app)]) expect(reason.length).toBeGreaterThan(40);
  });

  it.each([
    ['the fixture flow', () => fixture.app],
    ['the deployed app', () => eventful.app],
  ])('has no stale acknowledgement in %s: each one hides a finding the checks really make', (_app, appOf) => {
    // Prepare
    const app = appOf();
    const findings = findingsIgnoringAcknowledgements(app);

    // Act
    const stale = acknowledgementsIn(app).filter(
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

describe('npm start without the checks', () => {
  /** The files of an assembly that say what is deployed: templates, asset manifests, the cloud assembly manifest. */
  const deployedFiles = (outdir: string) =>
    Object.fromEntries(
      readdirSync(outdir)
        .filter((name) => name === 'manifest.json' || name.endsWith('.template.json') || name.endsWith('.assets.json'))
        .sort()
        .map((name) => [name, readFileSync(join(outdir, name), 'utf8')]),
    );

  it('runs the templates and assets cdk deploy ships, byte for byte, leaving out only the checks report', async () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'eventful-start-synth-'));

    // Act
    await synthesizeLocally(outdir);

    // Assess
    expect(Object.keys(deployedFiles(outdir))).toEqual(expect.arrayContaining(['manifest.json', 'Eventful.template.json', 'Eventful.assets.json']));
    expect(deployedFiles(outdir)).toEqual(deployedFiles(eventful.outdir));
    expect(readdirSync(outdir)).not.toContain('validation-report.json');
  });
});
