import { CreateStreamCommand, KinesisClient, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import type { EngineWrite } from '../../engines/index.ts';
import { startKinesis } from '../../engines/kinesis.ts';
import { startSqsS3 } from '../../engines/sqs-s3.ts';
import type { QueueSpec, StreamSpec } from '../../topology/types.ts';
import { EventBridgeService, type EventBridgeActivity, type MessageAttribute } from '../../eventbridge/index.ts';
import { classifyTargetError } from '../../eventbridge/classify-target-error.ts';
import { TargetRouter } from '../../runtime/index.ts';
import { entryOf, orderPlaced } from '../eventbridge/support/entries.ts';
import { AUDIT_BUS, CLICKS_STREAM, DEAD_LETTERS, ORDERS_QUEUE, rule, target, topology } from '../eventbridge/support/topology.ts';
import { DEFAULT_REGION as TEST_REGION } from '../../aws/events/index.ts';

/** Never contacted: every target below names a resource the topology does not have. */
const NO_ENGINE = { endpoint: 'http://127.0.0.1:9' };

describe('TargetRouter: targets that name no resource of the app', () => {
  const stops: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** EventBridge delivering through a router over an empty topology; what reaches the DLQ is recorded. */
  function eventBridgeOverRouter() {
    const router = new TargetRouter({ topology: { queues: [], streams: [], region: TEST_REGION }, engines: { sqs: NO_ENGINE, kinesis: NO_ENGINE } });
    const deadLetters: Record<string, MessageAttribute>[] = [];
    const activities: EventBridgeActivity[] = [];
    const targets = [target('queue', ORDERS_QUEUE), target('stream', CLICKS_STREAM), target('bus', AUDIT_BUS)].map((spec) => ({
      ...spec,
      deadLetterArn: DEAD_LETTERS,
    }));
    const events = new EventBridgeService(topology({ rules: [rule('everything', { eventPattern: { source: [{ prefix: '' }] }, targets })] }), {
      clock: new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0)),
      random: () => 0,
      onActivity: (activity) => activities.push(activity),
      targets: {
        lambda: (arn, payload) => router.invokeAsync(arn, JSON.parse(payload)),
        sqs: async (arn, body, options) => {
          if (arn === DEAD_LETTERS) deadLetters.push(options.messageAttributes ?? {});
          else await router.sendMessage(arn, body, options);
        },
        kinesis: (arn, data, partitionKey) => router.putRecord(arn, data, partitionKey),
        eventBus: async (arn, event) => router.routeEvent(arn, event),
      },
    });
    // No function is a target here: the router never reaches for the Lambda service.
    router.connect({ events, lambda: undefined as never });
    stops.push(
      () => events.stop(),
      () => router.destroy(),
    );
    return { events, deadLetters, activities };
  }

  it('sends the event to the DLQ at once with NO_RESOURCE, as EventBridge does for a target that does not exist', async () => {
    // Prepare
    const { events, deadLetters, activities } = eventBridgeOverRouter();

    // Act
    events.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => deadLetters).toHaveLength(3);
    expect(activities.filter((activity) => activity.type === 'retry-scheduled')).toEqual([]);
    for (const attributes of deadLetters) {
      expect(attributes).toMatchObject({ ERROR_CODE: { stringValue: 'NO_RESOURCE' }, RETRY_ATTEMPTS: { stringValue: '0' } });
      expect(attributes['ERROR_MESSAGE']?.stringValue).toMatch(/^no local resource has the ARN arn:aws:/);
    }
  });
});

describe('TargetRouter: writes it makes wake the pollers of what it wrote', () => {
  it('tells of each message sent and record put, by queue and stream name', async () => {
    // Prepare
    const [sqsEngine, kinesisEngine] = await Promise.all([startSqsS3(), startKinesis()]);
    const config = { region: TEST_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    const sqs = new SQSClient({ ...config, endpoint: sqsEngine.endpoint });
    const kinesis = new KinesisClient({ ...config, endpoint: kinesisEngine.endpoint, requestHandler: new NodeHttpHandler() });
    const writes: EngineWrite[] = [];
    const router = new TargetRouter({
      topology: {
        region: TEST_REGION,
        queues: [{ arn: ORDERS_QUEUE, name: ORDERS_QUEUE.split(':').at(-1)! } as QueueSpec],
        streams: [{ arn: CLICKS_STREAM, name: CLICKS_STREAM.split('/').at(-1)! } as StreamSpec],
      },
      engines: { sqs: sqsEngine, kinesis: kinesisEngine },
      onEngineWrite: (write) => writes.push(write),
    });
    try {
      await sqs.send(new CreateQueueCommand({ QueueName: ORDERS_QUEUE.split(':').at(-1)! }));
      await kinesis.send(new CreateStreamCommand({ StreamName: CLICKS_STREAM.split('/').at(-1)!, ShardCount: 1 }));
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 10, minDelay: 0.05 }, { StreamName: CLICKS_STREAM.split('/').at(-1)! });

      // Act
      await router.sendMessage(ORDERS_QUEUE, '{"orderId":"o-1"}');
      await router.putRecord(CLICKS_STREAM, '{"click":1}', 'user-1');

      // Assess
      expect(writes).toEqual([
        { service: 'sqs', resources: [ORDERS_QUEUE.split(':').at(-1)] },
        { service: 'kinesis', resources: [CLICKS_STREAM.split('/').at(-1)] },
      ]);
    } finally {
      router.destroy();
      sqs.destroy();
      kinesis.destroy();
      await Promise.all([sqsEngine.stop(), kinesisEngine.stop()]);
    }
  });
});

describe("TargetRouter: messages to the app's queues", () => {
  const queueName = ORDERS_QUEUE.split(':').at(-1)!;
  const routerTopology = { region: TEST_REGION, queues: [{ arn: ORDERS_QUEUE, name: queueName } as QueueSpec], streams: [] };

  it('sends them in this process when the engine runs here (no SDK call: its endpoint is unreachable), group and attributes kept', async () => {
    // Prepare
    const sqsEngine = await startSqsS3();
    const sqs = new SQSClient({ region: TEST_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, endpoint: sqsEngine.endpoint });
    const router = new TargetRouter({ topology: routerTopology, engines: { sqs: { ...NO_ENGINE, sendMessage: sqsEngine.sendMessage }, kinesis: NO_ENGINE } });
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));

      // Act
      await router.sendMessage(ORDERS_QUEUE, '{"orderId":"o-1"}', { messageAttributes: { ERROR_CODE: { dataType: 'String', stringValue: 'THROTTLING' } } });

      // Assess
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
      expect(Messages).toMatchObject([{ Body: '{"orderId":"o-1"}', MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'THROTTLING' } } }]);
    } finally {
      router.destroy();
      sqs.destroy();
      await sqsEngine.stop();
    }
  });

  it('fails a send to a queue the engine does not have as over HTTP: NO_RESOURCE to EventBridge, not retried', async () => {
    // Prepare
    const sqsEngine = await startSqsS3();
    const inProcess = new TargetRouter({ topology: routerTopology, engines: { sqs: sqsEngine, kinesis: NO_ENGINE } });
    const overHttp = new TargetRouter({ topology: routerTopology, engines: { sqs: { endpoint: sqsEngine.endpoint }, kinesis: NO_ENGINE } });
    try {
      // Act
      const failures = await Promise.all(
        [inProcess, overHttp].map((router) =>
          router.sendMessage(ORDERS_QUEUE, '{}').then(
            () => undefined,
            (error: unknown) => classifyTargetError(error),
          ),
        ),
      );

      // Assess
      expect(failures.map((failure) => failure && { code: failure.code, retriable: failure.retriable })).toEqual([
        { code: 'NO_RESOURCE', retriable: false },
        { code: 'NO_RESOURCE', retriable: false },
      ]);
    } finally {
      inProcess.destroy();
      overHttp.destroy();
      await sqsEngine.stop();
    }
  });
});
