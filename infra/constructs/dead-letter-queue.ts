import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOnAny } from './alarm-on-any.ts';

/**
 * How long a dead-lettered message is kept: SQS's maximum, to leave time to inspect and redrive.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html (MessageRetentionPeriod)
 */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface DeadLetterQueueProps {
  /**
   * What sends to this queue, for the alarm description.
   * @example 'failed deliveries of rule OrderPlacedToInventory'
   */
  readonly purpose: string;
  /**
   * Where the depth alarm notifies.
   * @default no alarm action (the alarm still shows in the console and on dashboards)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * A FIFO queue: the dead-letter queue of a FIFO queue must be FIFO too.
   * @default false
   */
  readonly fifo?: boolean;
}

/**
 * The dead letter channel: an encrypted (SSE-SQS), TLS-only queue that keeps messages 14 days and
 * raises an alarm as soon as one message is in it. It has no dead-letter queue of its own: it is
 * the last stop, where an operator inspects and redrives.
 *
 * SSE-SQS rather than a KMS key: EventBridge and Lambda destinations can send to it without any key
 * policy, and it costs nothing per request.
 *
 * @example
 * const dlq = new DeadLetterQueue(this, 'DeliveryDLQ', { purpose: 'failed deliveries of rule X', alarmTopic });
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  /** `ApproximateNumberOfMessagesVisible > 0`. */
  readonly depthAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      ...(props.fifo ? { fifo: true } : {}),
    });

    // SQS publishes queue metrics every minute: one period with a message in the queue is enough.
    this.depthAlarm = alarmOnAny(
      this,
      'DepthAlarm',
      this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      {
        description: `Messages are waiting in the dead-letter queue of ${props.purpose}: inspect and redrive them.`,
        ...(props.alarmTopic ? { topic: props.alarmTopic } : {}),
      },
    );
  }
}
