import type { App } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventfulFunction } from '../../../infra/constructs/eventful-function.ts';
import { EventfulPlatform } from '../../../infra/constructs/eventful-platform.ts';
import type { SecureQueue } from '../../../infra/constructs/secure-queue.ts';
import { createCheckedApp } from '../../../infra/eventful-app.ts';
import { ActivitySummarized, OrderPlaced, patternFor, ProductTrending } from '../../../shared/events/index.ts';

export const FIXTURE_HANDLER = fileURLToPath(new URL('../fixtures/consumer/handler.ts', import.meta.url));

export interface SynthOptions {
  /**
   * CDK's built-in CloudFormation validation: loading its rules costs seconds on the first synth of
   * a process, so only the tests about the validation report turn it on.
   * @default false
   */
  cloudFormationValidation?: boolean;
}

export interface FixtureApp {
  app: App;
  stack: Stack;
  outdir: string;
  platform: EventfulPlatform;
  /**
   * Invoked asynchronously by a rule; granted every part of the platform: it publishes two events of
   * two sources with claim checks, reads claim checks and keeps idempotency records.
   */
  consumer: EventfulFunction;
  /** Invoked synchronously only: no on-failure queue, and granted nothing of the platform. */
  apiRoute: EventfulFunction;
  work: SecureQueue;
  stream: kinesis.Stream;
  template: Template;
}

/**
 * The platform plus a flow as later issues will write them: a function subscribed with an input
 * transformer, a queue and a Kinesis stream subscribed with a content filter, and a function only
 * invoked synchronously. Synthesized with the cdk-nag gate, so a finding a flow would hit fails here
 * before any flow exists.
 */
export function synthesizeFixtureApp(options: SynthOptions = {}): FixtureApp {
  const outdir = mkdtempSync(join(tmpdir(), 'eventful-fixture-'));
  const app = createCheckedApp({ outdir, builtinCloudFormationValidation: options.cloudFormationValidation ?? false });
  const stack = new Stack(app, 'Fixture');
  const platform = new EventfulPlatform(stack, 'Platform');
  const flow = new Construct(stack, 'Flow');

  const consumer = platform.createFunction(flow, 'Consumer', { name: 'fixture-consumer', entry: FIXTURE_HANDLER, description: 'Fixture: rule target' });
  const apiRoute = platform.createFunction(flow, 'ApiRoute', {
    name: 'fixture-api',
    entry: FIXTURE_HANDLER,
    description: 'Fixture: invoked synchronously',
    invokedAsynchronously: false,
  });
  platform.grantPublish(consumer, [OrderPlaced, ActivitySummarized], { claimChecks: true });
  platform.grantReadClaimChecks(consumer);
  platform.grantIdempotency(consumer);
  const work = platform.createQueue(flow, 'Work');
  const stream = new kinesis.Stream(flow, 'Activity', { encryption: kinesis.StreamEncryption.MANAGED, shardCount: 1 });

  platform.backbone.subscribeFunction('TrendingToConsumer', {
    pattern: patternFor(ProductTrending),
    function: consumer,
    description: 'Fixture: Lambda target with an input transformer',
    input: events.RuleTargetInput.fromObject({ sku: events.EventField.fromPath('$.detail.data.sku') }),
  });
  platform.backbone.subscribeQueue('OrderPlacedToWork', { pattern: patternFor(OrderPlaced), queue: work, description: 'Fixture: SQS target' });
  platform.backbone.subscribeStream('BigOrdersToActivity', {
    pattern: patternFor(OrderPlaced, { data: { totalMinor: [{ numeric: ['>=', 100] }] } }),
    stream,
    partitionKeyPath: '$.detail.data.customerId',
    description: 'Fixture: Kinesis target with a content filter',
  });

  app.synth();
  return { app, stack, outdir, platform, consumer, apiRoute, work, stream, template: Template.fromStack(stack) };
}
