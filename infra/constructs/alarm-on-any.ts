import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface AlarmOnAnyProps {
  /** What happened and what to do, for the person paged. */
  readonly description: string;
  /**
   * Where the alarm is sent.
   * @default none: the alarm only shows in CloudWatch
   */
  readonly topic?: sns.ITopic;
}

/**
 * An alarm as soon as `metric` (its own period and statistic) is above zero for one period: a message in a
 * dead-letter queue, a failed invocation, a 5xx. No data is not a breach: such metrics are often sent only when
 * they are not zero (EventBridge's FailedInvocations, a function's custom counts).
 *
 * @example
 * alarmOnAny(this, 'DepthAlarm', queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), { description, topic });
 */
export function alarmOnAny(scope: Construct, id: string, metric: cloudwatch.Metric, { description, topic }: AlarmOnAnyProps): cloudwatch.Alarm {
  const alarm = metric.createAlarm(scope, id, {
    alarmDescription: description,
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic) alarm.addAlarmAction(new cwActions.SnsAction(topic));
  return alarm;
}
