import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

/** How long a dead-lettered message is kept: SQS's maximum, to leave time to inspect and redrive. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface DeadLetterQueueProps {
  /**
   * Where the depth alarm notifies.
   * @default no alarm action (the alarm still shows in the console and dashboard)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * What sends to this queue, for the cdk-nag acknowledgement and the alarm description.
   * @example 'failed deliveries of rule OrderPlacedToInventory'
   */
  readonly purpose: string;
  /**
   * A FIFO queue: the DLQ of a FIFO queue must be FIFO too.
   * @default false
   */
  readonly fifo?: boolean;
}

/**
 * A dead letter channel: an encrypted (SSE-SQS), TLS-only queue that keeps messages 14 days,
 * with an alarm as soon as one message is in it. It has no DLQ of its own: it is the last stop.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly depthAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      ...(props.fifo ? { fifo: true } : {}),
    });
    acknowledge(this.queue, 'AwsSolutions-SQS3', `This queue is itself a dead-letter queue (${props.purpose}); a DLQ of a DLQ would only hide failures.`);

    this.depthAlarm = this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }).createAlarm(this, 'DepthAlarm', {
      alarmDescription: `Messages are waiting in the dead-letter queue of ${props.purpose}: inspect and redrive them.`,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.depthAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
  }
}

export interface SecureQueueProps {
  /**
   * How long a received message stays invisible. Set it to at least 6 times the consumer
   * function's timeout, as AWS recommends for Lambda event source mappings.
   * @default 30 seconds
   */
  readonly visibilityTimeout?: Duration;
  /**
   * Receives before a message is moved to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long an unconsumed message is kept.
   * @default 4 days (the SQS default)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Where the dead-letter depth alarm notifies.
   * @default no alarm action
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * A FIFO queue (and FIFO DLQ).
   * @default false
   */
  readonly fifo?: boolean;
}

/**
 * A point-to-point work queue with the house defaults: encrypted at rest (SSE-SQS), TLS enforced,
 * and its own {@link DeadLetterQueue} after `maxReceiveCount` receives, alarmed.
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
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(30),
      ...(props.retentionPeriod ? { retentionPeriod: props.retentionPeriod } : {}),
      ...(props.fifo ? { fifo: true } : {}),
      deadLetterQueue: { queue: this.deadLetterQueue.queue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
