import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventPatternFor } from '../../shared/events/index.ts';
import { DeadLetterQueue } from './secure-queue.ts';

export interface EventBackboneProps {
  /**
   * The bus name; producers find it in `EVENT_BUS_NAME`.
   * @default 'eventful'
   */
  readonly busName?: string;
  /**
   * How long the archive keeps every event for replay (the wire tap). Keep the claim-check
   * bucket's objects at least this long, or replayed large events lose their payload.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * Retries of a failed delivery to a target before it goes to the target's DLQ.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps retrying a delivery. AWS's default is 24 hours; two hours surfaces
   * a broken consumer in its DLQ (alarmed, redrivable) the same morning instead of the next day.
   * @default Duration.hours(2)
   */
  readonly maxEventAge?: Duration;
  /**
   * Where every alarm of the backbone notifies.
   * @default a new encrypted, TLS-only SNS topic (`alarmTopic`)
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Options shared by every kind of subscription. */
export interface SubscriptionOptions {
  /** The events the rule routes, from the catalog: `patternFor(OrderPlaced, { data: … })`. */
  readonly pattern: EventPatternFor;
  /** Why the rule exists, shown in the console. */
  readonly description: string;
  /** @default the backbone's `retryAttempts` */
  readonly retryAttempts?: number;
  /** @default the backbone's `maxEventAge` */
  readonly maxEventAge?: Duration;
}

export interface FunctionSubscriptionOptions extends SubscriptionOptions {
  readonly function: lambda.IFunction;
  /**
   * Reshapes what the function receives (InputPath or InputTransformer).
   * @default the whole event
   */
  readonly input?: events.RuleTargetInput;
}

export interface QueueSubscriptionOptions extends SubscriptionOptions {
  readonly queue: sqs.IQueue;
  /** Required for FIFO queues. @default none */
  readonly messageGroupId?: string;
  /** @default the whole event */
  readonly input?: events.RuleTargetInput;
}

export interface StreamSubscriptionOptions extends SubscriptionOptions {
  readonly stream: kinesis.IStream;
  /**
   * JSON path of the partition key in the event, e.g. `$.detail.data.userId`, so related events stay ordered.
   * @default the event id (no ordering between events)
   */
  readonly partitionKeyPath?: string;
}

/** What one subscription created. */
export interface Subscription {
  readonly rule: events.Rule;
  /** Where events go that EventBridge failed to deliver after its retries. */
  readonly deadLetterQueue: DeadLetterQueue;
  readonly failedInvocationsAlarm: cloudwatch.Alarm;
}

/**
 * The event backbone: a custom EventBridge bus with an archive of every event (replayable), and
 * subscriptions that each get a rule, a retry policy, a dead-letter queue (encrypted, TLS-only,
 * 14 days, alarmed) and an alarm on failed invocations. A CloudWatch dashboard shows the flow.
 *
 * @example
 * const backbone = new EventBackbone(this, 'Backbone');
 * backbone.subscribeQueue('OrderPlacedToInventory', {
 *   pattern: patternFor(OrderPlaced),
 *   queue: inventoryQueue.queue,
 *   description: 'Reserve stock for every placed order',
 * });
 */
export class EventBackbone extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly alarmTopic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly subscriptions: Subscription[] = [];
  readonly #retryAttempts: number;
  readonly #maxEventAge: Duration;

  constructor(scope: Construct, id: string, props: EventBackboneProps = {}) {
    super(scope, id);
    this.#retryAttempts = props.retryAttempts ?? 10;
    this.#maxEventAge = props.maxEventAge ?? Duration.hours(2);
    this.alarmTopic = props.alarmTopic ?? this.#createAlarmTopic();

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.busName ?? 'eventful' });
    this.archive = this.bus.archive('Archive', {
      description: 'Every event on the bus, for replay (wire tap)',
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(30),
    });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `${props.busName ?? 'eventful'}-backbone` });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Events in',
        left: [this.#busMetric('PutEventsApproximateCallCount'), this.#busMetric('MatchedEvents')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Events archived',
        left: [this.#busMetric('PutEventsApproximateSuccessCount'), this.#busMetric('PutEventsApproximateFailedCount')],
        width: 12,
      }),
    );
  }

  /** Routes matching events to a function (asynchronous invocation). */
  subscribeFunction(id: string, options: FunctionSubscriptionOptions): Subscription {
    return this.#subscribe(id, options, (delivery) => new targets.LambdaFunction(options.function, { ...delivery, ...(options.input ? { event: options.input } : {}) }));
  }

  /** Routes matching events to a queue (point-to-point, competing consumers). */
  subscribeQueue(id: string, options: QueueSubscriptionOptions): Subscription {
    return this.#subscribe(
      id,
      options,
      (delivery) =>
        new targets.SqsQueue(options.queue, {
          ...delivery,
          ...(options.messageGroupId ? { messageGroupId: options.messageGroupId } : {}),
          ...(options.input ? { message: options.input } : {}),
        }),
    );
  }

  /** Routes matching events to a Kinesis stream, partitioned by `partitionKeyPath`. */
  subscribeStream(id: string, options: StreamSubscriptionOptions): Subscription {
    return this.#subscribe(id, options, (delivery) => new targets.KinesisStream(options.stream, { ...delivery, ...(options.partitionKeyPath ? { partitionKeyPath: options.partitionKeyPath } : {}) }));
  }

  /** Lets `grantee` publish to the bus. */
  grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    return this.bus.grantPutEventsTo(grantee);
  }

  #subscribe(
    id: string,
    options: SubscriptionOptions,
    target: (delivery: { deadLetterQueue: sqs.IQueue; retryAttempts: number; maxEventAge: Duration }) => events.IRuleTarget,
  ): Subscription {
    const scope = new Construct(this, id);
    const deadLetterQueue = new DeadLetterQueue(scope, 'DeliveryDLQ', { purpose: `failed deliveries of rule ${id}`, alarmTopic: this.alarmTopic });
    const rule = new events.Rule(scope, 'Rule', {
      eventBus: this.bus,
      description: options.description,
      eventPattern: toCdkPattern(options.pattern),
      targets: [
        target({
          deadLetterQueue: deadLetterQueue.queue,
          retryAttempts: options.retryAttempts ?? this.#retryAttempts,
          maxEventAge: options.maxEventAge ?? this.#maxEventAge,
        }),
      ],
    });
    const failedInvocations = new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensionsMap: { RuleName: rule.ruleName, EventBusName: this.bus.eventBusName },
      statistic: 'Sum',
      period: Duration.minutes(1),
    });
    const failedInvocationsAlarm = failedInvocations.createAlarm(scope, 'FailedInvocationsAlarm', {
      alarmDescription: `Rule ${id} failed to deliver events to its target: they are retried, then sent to its DLQ.`,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    failedInvocationsAlarm.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `Rule ${id}`,
        left: [
          new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'MatchedEvents', dimensionsMap: { RuleName: rule.ruleName, EventBusName: this.bus.eventBusName }, statistic: 'Sum' }),
          new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'Invocations', dimensionsMap: { RuleName: rule.ruleName, EventBusName: this.bus.eventBusName }, statistic: 'Sum' }),
          failedInvocations,
        ],
        right: [deadLetterQueue.queue.metricApproximateNumberOfMessagesVisible({ label: 'DLQ depth' })],
        width: 12,
      }),
    );
    const subscription = { rule, deadLetterQueue, failedInvocationsAlarm };
    this.subscriptions.push(subscription);
    return subscription;
  }

  #busMetric(metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'AWS/Events', metricName, dimensionsMap: { EventBusName: this.bus.eventBusName }, statistic: 'Sum' });
  }

  #createAlarmTopic(): sns.Topic {
    // CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key (alias/aws/sns):
    // its key policy cannot be changed to let CloudWatch use it, so the topic gets a key of its own.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the eventful alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return new sns.Topic(this, 'AlarmTopic', { displayName: 'eventful alarms', enforceSSL: true, masterKey: key });
  }
}

/** The catalog's pattern (`detail-type`, as EventBridge spells it) in CDK's shape (`detailType`). */
export function toCdkPattern(pattern: EventPatternFor): events.EventPattern {
  return {
    source: pattern.source,
    detailType: pattern['detail-type'],
    ...(pattern.detail ? { detail: pattern.detail as Record<string, unknown> } : {}),
  };
}
