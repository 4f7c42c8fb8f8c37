import { Duration } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ENV } from '../../shared/runtime/environment.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import type { EventfulFunction } from './eventful-function.ts';

export interface SecureQueueProps {
  /**
   * How long a received message stays invisible to other consumers. AWS recommends at least six
   * times the timeout of a Lambda function consuming the queue, so retries of a throttled batch
   * do not make messages visible again while they are still being processed.
   * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   * @default Duration.seconds(60) (six times EventfulFunction's default 10 s timeout)
   */
  readonly visibilityTimeout?: Duration;
  /**
   * Receives before a message moves to the dead-letter queue: enough to ride out a throttle or a
   * brief outage downstream, few enough that a poison message leaves within minutes.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long an unconsumed message is kept.
   * @default Duration.days(4) (the SQS default)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Where the dead-letter depth alarm notifies.
   * @default no alarm action
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * A FIFO queue (with a FIFO dead-letter queue).
   * @default false
   */
  readonly fifo?: boolean;
}

/**
 * A point-to-point work queue with the house defaults: encrypted at rest (SSE-SQS), TLS enforced,
 * and its own {@link DeadLetterQueue} (14 days, alarmed) after `maxReceiveCount` receives.
 *
 * @example
 * const work = new SecureQueue(this, 'ReserveStock', { visibilityTimeout: Duration.seconds(60), alarmTopic });
 * fn.function.addEventSource(new SqsEventSource(work.queue, { reportBatchItemFailures: true }));
 */
export class SecureQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: SecureQueueProps = {}) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetter', {
      purpose: `queue ${this.node.path}`,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
      ...(props.fifo ? { fifo: true } : {}),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(60),
      ...(props.retentionPeriod ? { retentionPeriod: props.retentionPeriod } : {}),
      ...(props.fifo ? { fifo: true } : {}),
      deadLetterQueue: { queue: this.deadLetterQueue.queue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }

  /**
   * Lets `fn` send a message it cannot process straight to the dead-letter queue with its reason
   * (instead of `maxReceiveCount` useless receives), and sets `DEAD_LETTER_QUEUE_URL` on it
   * (the toolkit's dead-letter channel reads it).
   */
  grantSendToDeadLetter(fn: EventfulFunction): iam.Grant {
    fn.bindEnvironment(ENV.deadLetterQueueUrl, this.deadLetterQueue.queue.queueUrl);
    return this.deadLetterQueue.queue.grantSendMessages(fn);
  }
}
