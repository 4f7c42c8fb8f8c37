import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fileURLToPath } from 'node:url';
import { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { SecureQueue } from '../../infra/constructs/secure-queue.ts';
import { EventfulStack } from '../../infra/stacks/eventful-stack.ts';
import { OrderPlaced, patternFor, ProductTrending } from '../../shared/events/index.ts';

/**
 * The real stack plus one subscription of each kind (Lambda with an input transformer, SQS,
 * Kinesis), so the backbone's wiring and the cdk-nag gate are checked on every target type
 * before the domain flows exist.
 */
export function synthesizeFixture(outdir?: string): { app: App; stack: EventfulStack; template: Template } {
  const app = new App(outdir ? { outdir } : {});
  const stack = new EventfulStack(app, 'Eventful');
  const consumer = new EventfulFunction(stack, 'Consumer', {
    name: 'fixture-consumer',
    entry: fileURLToPath(new URL('./fixtures/handler.ts', import.meta.url)),
    description: 'Test fixture',
    alarmTopic: stack.backbone.alarmTopic,
  });
  stack.connect(consumer.function);
  stack.backbone.subscribeFunction('TrendingToConsumer', {
    pattern: patternFor(ProductTrending),
    function: consumer.function,
    description: 'Fixture: Lambda target with an input transformer',
    input: events.RuleTargetInput.fromObject({ sku: events.EventField.fromPath('$.detail.data.sku') }),
  });
  const queue = new SecureQueue(stack, 'Work', { alarmTopic: stack.backbone.alarmTopic });
  stack.backbone.subscribeQueue('OrderPlacedToWork', { pattern: patternFor(OrderPlaced), queue: queue.queue, description: 'Fixture: SQS target' });
  const stream = new kinesis.Stream(stack, 'Activity', { encryption: kinesis.StreamEncryption.MANAGED, shardCount: 1 });
  stack.backbone.subscribeStream('OrderPlacedToStream', {
    pattern: patternFor(OrderPlaced, { data: { total: [{ numeric: ['>=', 100] }] } }),
    stream,
    partitionKeyPath: '$.detail.data.customerId',
    description: 'Fixture: Kinesis target',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { app, stack, template: Template.fromStack(stack) };
}
