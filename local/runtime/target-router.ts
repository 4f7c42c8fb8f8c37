import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DeliveryDetails, LambdaService } from '../lambda/index.ts';
import type { EventBridgeService, EventEnvelope, MessageAttribute } from '../eventbridge/index.ts';
import type { SendMessageInProcess } from '../engines/sqs-in-process.ts';
import type { EngineWrite } from '../engines/types.ts';
import { engineSigner } from '../engines/engine-signer.ts';
import type { LocalTopology } from '../topology/types.ts';

const ANY_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * A delivery aimed at an ARN the topology does not know: named, so a wiring mistake is visible in the log. Its
 * `code` is the one AWS's services answer for a missing resource, so EventBridge sends the event to the DLQ at
 * once with `NO_RESOURCE` instead of retrying ("a target resource that no longer exists": no retry attempts),
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
export class UnknownTargetError extends Error {
  override readonly name = 'UnknownTargetError';
  readonly code = 'ResourceNotFoundException';
  constructor(readonly targetArn: string) {
    super(`no local resource has the ARN ${targetArn}`);
  }
}

export interface TargetRouterOptions {
  topology: Pick<LocalTopology, 'queues' | 'streams' | 'region'>;
  /**
   * `sqs.sendMessage`: the engine's in-process send (engines started in this process), used for the app's queues
   * instead of the SDK over HTTP; without it, every message goes through the SDK.
   */
  engines: { sqs: { endpoint: string; sendMessage?: SendMessageInProcess }; kinesis: { endpoint: string } };
  /** Told of each message sent and record put, by queue or stream name: their pollers wake (`WorkSignals`). */
  onEngineWrite?: (write: EngineWrite) => void;
}

/**
 * Sends to queues, streams, buses and functions by their topology ARN: what EventBridge targets, Lambda
 * destinations, Scheduler targets and event-source-mapping on-failure destinations have in common.
 */
export class TargetRouter {
  readonly #sqs: SQSClient;
  readonly #sendInProcess: SendMessageInProcess | undefined;
  readonly #kinesis: KinesisClient;
  readonly #queueUrls = new Map<string, Promise<string>>();
  readonly #topology: TargetRouterOptions['topology'];
  readonly #onWrite: (write: EngineWrite) => void;
  #events: EventBridgeService | undefined;
  #lambda: LambdaService | undefined;

  constructor(options: TargetRouterOptions) {
    this.#topology = options.topology;
    this.#onWrite = options.onEngineWrite ?? (() => {});
    const region = options.topology.region;
    const config = { region, credentials: ANY_CREDENTIALS, signer: engineSigner({ accessKeyId: ANY_CREDENTIALS.accessKeyId, region }) };
    this.#sqs = new SQSClient({ ...config, endpoint: options.engines.sqs.endpoint });
    this.#sendInProcess = options.engines.sqs.sendMessage;
    // The Kinesis client defaults to HTTP/2; the engine side is plain HTTP/1.1.
    this.#kinesis = new KinesisClient({ ...config, endpoint: options.engines.kinesis.endpoint, requestHandler: new NodeHttpHandler() });
  }

  /** The services exist after the router (they are built with it): connected once they do. */
  connect(services: { events: EventBridgeService; lambda: LambdaService }): void {
    this.#events = services.events;
    this.#lambda = services.lambda;
  }

  async sendMessage(
    queueArn: string,
    body: string,
    options: { messageGroupId?: string; messageAttributes?: Record<string, MessageAttribute> } = {},
  ): Promise<void> {
    const queue = this.#topology.queues.find((q) => q.arn === queueArn);
    const attributes = options.messageAttributes ? toSqsAttributes(options.messageAttributes) : undefined;
    if (queue && this.#sendInProcess) {
      // The queue's region is the fourth field of its ARN (arn:aws:sqs:<region>:<account>:<name>).
      this.#sendInProcess({
        queueName: queue.name,
        region: queueArn.split(':')[3] ?? this.#topology.region,
        body,
        ...(options.messageGroupId ? { messageGroupId: options.messageGroupId } : {}),
        ...(attributes ? { messageAttributes: attributes } : {}),
      });
    } else {
      await this.#sqs.send(
        new SendMessageCommand({
          QueueUrl: await this.#queueUrl(queueArn),
          MessageBody: body,
          ...(options.messageGroupId ? { MessageGroupId: options.messageGroupId } : {}),
          ...(attributes ? { MessageAttributes: attributes } : {}),
        }),
      );
    }
    if (queue) this.#onWrite({ service: 'sqs', resources: [queue.name] });
  }

  async putRecord(streamArn: string, data: string, partitionKey: string): Promise<void> {
    const stream = this.#topology.streams.find((s) => s.arn === streamArn);
    if (!stream) throw new UnknownTargetError(streamArn);
    await this.#kinesis.send(new PutRecordCommand({ StreamName: stream.name, Data: Buffer.from(data), PartitionKey: partitionKey }));
    this.#onWrite({ service: 'kinesis', resources: [stream.name] });
  }

  async invokeAsync(functionArn: string, payload: unknown): Promise<void> {
    await this.#requireLambda().invoke(functionArn, payload, { invocationType: 'Event' });
  }

  routeEvent(busArn: string, event: unknown): void {
    if (!this.#requireEvents().routeEvent(busArn, event as EventEnvelope)) throw new UnknownTargetError(busArn);
  }

  /** Lambda destinations, dead letters and stream on-failure records: by the service in the ARN. */
  async deliver(targetArn: string, payload: unknown, details: DeliveryDetails): Promise<void> {
    const service = targetArn.split(':')[2];
    if (service === 'sqs') {
      await this.sendMessage(targetArn, details.body, details.messageAttributes ? { messageAttributes: details.messageAttributes } : {});
    } else if (service === 'lambda') {
      await this.invokeAsync(targetArn, payload);
    } else if (service === 'events') {
      const result = this.#requireEvents().putEvents([
        {
          EventBusName: targetArn,
          Source: details.eventBridge?.source ?? 'lambda',
          DetailType: details.eventBridge?.detailType ?? 'Lambda Function Invocation Result',
          Detail: details.body,
          ...(details.eventBridge ? { Resources: [targetArn, details.eventBridge.functionArn] } : {}),
        },
      ]);
      if (result.FailedEntryCount) throw new Error(`PutEvents to ${targetArn} failed: ${JSON.stringify(result.Entries)}`);
    } else {
      throw new UnknownTargetError(targetArn);
    }
  }

  destroy(): void {
    this.#sqs.destroy();
    this.#kinesis.destroy();
  }

  #queueUrl(queueArn: string): Promise<string> {
    let url = this.#queueUrls.get(queueArn);
    if (!url) {
      const queue = this.#topology.queues.find((q) => q.arn === queueArn);
      if (!queue) return Promise.reject(new UnknownTargetError(queueArn));
      url = this.#sqs.send(new GetQueueUrlCommand({ QueueName: queue.name })).then((r) => r.QueueUrl ?? '');
      url.catch(() => this.#queueUrls.delete(queueArn));
      this.#queueUrls.set(queueArn, url);
    }
    return url;
  }

  #requireEvents(): EventBridgeService {
    if (!this.#events) throw new Error('TargetRouter used before connect()');
    return this.#events;
  }

  #requireLambda(): LambdaService {
    if (!this.#lambda) throw new Error('TargetRouter used before connect()');
    return this.#lambda;
  }
}

function toSqsAttributes(attributes: Record<string, MessageAttribute>): Record<string, MessageAttributeValue & { DataType: string }> {
  return Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, { DataType: a.dataType, StringValue: a.stringValue }]));
}
