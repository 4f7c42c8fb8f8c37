import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { LocalTopology, QueueSpec } from '../topology/types.ts';
import { displayName } from './topology-graph.ts';

/** ReceiveMessage's most messages per call. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html */
const SQS_RECEIVE_MAX = 10;
/** Seconds a message being redriven is hidden from others while it is sent on. */
const REDRIVE_VISIBILITY_SECONDS = 30;
/** Receive calls to look for one message before saying it is not there. */
const FIND_ATTEMPTS = 10;

export interface QueueCounts {
  arn: string;
  /** ApproximateNumberOfMessages. */
  waiting: number;
  /** ApproximateNumberOfMessagesNotVisible. */
  inFlight: number;
  delayed: number;
}

/** Where a dead letter came from, and where redriving it sends it. */
export type DeadLetterSource =
  | { kind: 'queue-redrive'; description: string; sourceQueueArn: string }
  | { kind: 'rule-target'; description: string; targetArn: string; targetKind: string }
  | { kind: 'function-async'; description: string; functionArn: string; record: 'invocation-record' | 'event' }
  | { kind: 'stream-mapping'; description: string }
  | { kind: 'schedule'; description: string };

export interface DeadLetterQueue {
  arn: string;
  name: string;
  url: string;
  sources: DeadLetterSource[];
}

export interface DeadLetterMessage {
  messageId: string;
  body: string;
  /** Message attributes (EventBridge's `ERROR_CODE`, Lambda's `ErrorMessage`…) as strings. */
  attributes: Record<string, string>;
  receiveCount: number;
  sentAt?: string;
}

/** Sends to a topology ARN: how a dead letter goes back to where it failed. */
export interface Redeliver {
  sendMessage(queueArn: string, body: string, options?: { messageGroupId?: string }): Promise<void>;
  invokeAsync(functionArn: string, payload: unknown): Promise<unknown>;
}

export class RedriveNotPossibleError extends Error {
  override readonly name = 'RedriveNotPossibleError';
}
export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';
}

/**
 * The app's queues as the explorer shows them: live counts for every queue, and for each dead-letter queue or
 * on-failure destination its messages (peeked: received with visibility 0, as the console's "poll for messages"
 * does, which counts as a receive) and a redrive back to where they failed.
 */
export class DeadLetters {
  readonly #sqs: SQSClient;
  readonly #topology: LocalTopology;
  readonly #redeliver: Redeliver;
  readonly #urls = new Map<string, Promise<string>>();
  readonly queues: DeadLetterQueue[];

  constructor(options: { topology: LocalTopology; sqsEndpoint: string; redeliver: Redeliver }) {
    this.#topology = options.topology;
    this.#redeliver = options.redeliver;
    this.#sqs = new SQSClient({
      region: options.topology.region,
      endpoint: options.sqsEndpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    this.queues = options.topology.queues.flatMap((queue) => {
      const sources = sourcesOf(queue, options.topology);
      return sources.length > 0 ? [{ arn: queue.arn, name: displayName(queue), url: queue.url, sources }] : [];
    });
  }

  destroy(): void {
    this.#sqs.destroy();
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      this.#topology.queues.map(async (queue) => {
        const { Attributes = {} } = await this.#sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: await this.#url(queue),
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        );
        return {
          arn: queue.arn,
          waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
          inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
          delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
        };
      }),
    );
  }

  /** Up to ten messages of a dead-letter queue, left where they are. */
  async peek(queueArn: string): Promise<DeadLetterMessage[]> {
    const queue = this.#deadLetterQueue(queueArn);
    const messages = await this.#receive(queue, 0);
    return messages.map(toDeadLetterMessage);
  }

  /** Sends one message (or, without `messageId`, every message) back to where it failed; returns how many went. */
  async redrive(queueArn: string, messageId?: string): Promise<number> {
    const queue = this.#deadLetterQueue(queueArn);
    const source = queue.sources.find((s) => s.kind === 'queue-redrive' || s.kind === 'rule-target' || s.kind === 'function-async');
    if (!source) {
      throw new RedriveNotPossibleError(
        `${queue.name} holds ${queue.sources.map((s) => s.description).join('; ')}: such records name what failed but carry no message to send back`,
      );
    }
    let moved = 0;
    let attempts = 0;
    let empty = 0;
    while (empty < 2 && attempts < (messageId ? FIND_ATTEMPTS : Number.POSITIVE_INFINITY)) {
      attempts += 1;
      const messages = await this.#receive(queue, REDRIVE_VISIBILITY_SECONDS);
      empty = messages.length === 0 ? empty + 1 : 0;
      const url = await this.#url(queue);
      for (const message of messages) {
        if (messageId !== undefined && message.MessageId !== messageId) {
          await this.#sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
          continue;
        }
        await this.#send(source, message);
        await this.#sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
        moved += 1;
      }
      if (messageId !== undefined && moved > 0) return moved;
    }
    if (messageId !== undefined)
      throw new DeadLetterNotFoundError(`no message ${messageId} in ${queue.name} (redriven already, or still hidden by another receive)`);
    return moved;
  }

  async #send(source: DeadLetterSource, message: Message): Promise<void> {
    const body = message.Body ?? '';
    const groupId = message.Attributes?.MessageGroupId;
    switch (source.kind) {
      case 'queue-redrive':
        return this.#redeliver.sendMessage(source.sourceQueueArn, body, groupId ? { messageGroupId: groupId } : {});
      case 'rule-target':
        if (source.targetKind === 'lambda') {
          await this.#redeliver.invokeAsync(source.targetArn, JSON.parse(body));
          return;
        }
        return this.#redeliver.sendMessage(source.targetArn, body, groupId ? { messageGroupId: groupId } : {});
      case 'function-async': {
        const parsed = JSON.parse(body) as { requestPayload?: unknown };
        await this.#redeliver.invokeAsync(source.functionArn, source.record === 'invocation-record' ? parsed.requestPayload : parsed);
        return;
      }
      default:
        throw new RedriveNotPossibleError(`${source.description}: nothing to send back`);
    }
  }

  async #receive(queue: DeadLetterQueue, visibilityTimeout: number): Promise<Message[]> {
    const { Messages = [] } = await this.#sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: await this.#url(queue),
        MaxNumberOfMessages: SQS_RECEIVE_MAX,
        VisibilityTimeout: visibilityTimeout,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return Messages;
  }

  #deadLetterQueue(queueArn: string): DeadLetterQueue {
    const queue = this.queues.find((q) => q.arn === queueArn);
    if (!queue) throw new DeadLetterNotFoundError(`${queueArn} is not a dead-letter queue or on-failure destination of this app`);
    return queue;
  }

  #url(queue: { arn: string; name?: string }): Promise<string> {
    let url = this.#urls.get(queue.arn);
    if (!url) {
      const name = queue.arn.split(':').pop() as string;
      url = this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(({ QueueUrl }) => {
        if (!QueueUrl) throw new Error(`queue ${name} has no URL`);
        return QueueUrl;
      });
      url.catch(() => this.#urls.delete(queue.arn));
      this.#urls.set(queue.arn, url);
    }
    return url;
  }
}

/** What sends failures to `queue`: a queue's redrive policy, a rule target's DLQ, a function's async destination, a mapping, a schedule. */
function sourcesOf(queue: QueueSpec, topology: LocalTopology): DeadLetterSource[] {
  const sources: DeadLetterSource[] = [];
  for (const source of topology.queues) {
    if (source.redrivePolicy?.deadLetterTargetArn === queue.arn) {
      sources.push({
        kind: 'queue-redrive',
        sourceQueueArn: source.arn,
        description: `messages received ${source.redrivePolicy.maxReceiveCount} times from ${displayName(source)}`,
      });
    }
  }
  for (const rule of topology.rules) {
    for (const target of rule.targets) {
      if (target.deadLetterArn === queue.arn) {
        sources.push({
          kind: 'rule-target',
          targetArn: target.arn,
          targetKind: target.kind,
          description: `events rule ${displayName(rule)} could not deliver`,
        });
      }
    }
  }
  for (const fn of topology.functions) {
    if (fn.asyncConfig.destinations.onFailure === queue.arn) {
      sources.push({ kind: 'function-async', functionArn: fn.arn, record: 'invocation-record', description: `failed async invocations of ${displayName(fn)}` });
    }
    if (fn.deadLetterArn === queue.arn) {
      sources.push({ kind: 'function-async', functionArn: fn.arn, record: 'event', description: `failed async events of ${displayName(fn)}` });
    }
  }
  for (const mapping of topology.eventSourceMappings) {
    if (mapping.onFailureDestination === queue.arn) {
      const fn = topology.functions.find((f) => f.name === mapping.functionName);
      sources.push({ kind: 'stream-mapping', description: `batches ${fn ? displayName(fn) : mapping.functionName} gave up on (${mapping.kind} records)` });
    }
  }
  for (const schedule of topology.schedules) {
    if (schedule.target.deadLetterArn === queue.arn) sources.push({ kind: 'schedule', description: `failed runs of schedule ${displayName(schedule)}` });
  }
  return sources;
}

function toDeadLetterMessage(message: Message): DeadLetterMessage {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) attributes[name] = value.StringValue ?? `(${value.DataType})`;
  const sent = message.Attributes?.SentTimestamp;
  return {
    messageId: message.MessageId ?? '',
    body: message.Body ?? '',
    attributes,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    ...(sent ? { sentAt: new Date(Number(sent)).toISOString() } : {}),
  };
}
