import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventDefinition, EventPatternFor } from '../../shared/events/index.ts';
import { acknowledge } from '../acknowledge.ts';
import { AlarmTopic } from './alarm-topic.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { ConstructUsageError } from './errors.ts';
import type { EventfulFunction } from './eventful-function.ts';
import type { SecureQueue } from './secure-queue.ts';
import { toCdkPattern } from './to-cdk-pattern.ts';
import { alarmOnAny } from './alarm-on-any.ts';

export interface EventBackboneProps {
  /**
   * The bus name; producers find it in `EVENT_BUS_NAME`, and the CLI defaults to it.
   * @default 'eventful'
   */
  readonly busName?: string;
  /**
   * How long the archive keeps every event for replay (the wire tap). Keep claim-check objects at
   * least this long, or replayed large events lose their payload.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * Retries of a failed delivery to a target before the event goes to the target's dead-letter queue.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps retrying a delivery. AWS's default is 24 hours (185 attempts); two
   * hours puts the events of a broken target in its alarmed, redrivable DLQ the same working day.
   * @default Duration.hours(2)
   */
  readonly maxEventAge?: Duration;
  /**
   * Where every alarm of the backbone notifies.
   * @default a new {@link AlarmTopic} (encrypted, TLS-only)
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Options shared by every kind of subscription. */
export interface SubscriptionOptions {
  /** The events the rule routes, from the catalog: `patternFor(OrderPlaced, { data: … })`. */
  readonly pattern: EventPatternFor;
  /** Why the rule exists, shown in the console and the generated catalog. */
  readonly description: string;
  /** @default the backbone's `retryAttempts` */
  readonly retryAttempts?: number;
  /** @default the backbone's `maxEventAge` */
  readonly maxEventAge?: Duration;
}

export interface FunctionSubscriptionOptions extends SubscriptionOptions {
  /** Invoked asynchronously; it must have an on-failure destination (`invokedAsynchronously`, the default). */
  readonly function: EventfulFunction;
  /**
   * Reshapes what the function receives (`RuleTargetInput.fromEventPath` or an input transformer).
   * @default the whole event
   */
  readonly input?: events.RuleTargetInput;
}

export interface QueueSubscriptionOptions extends SubscriptionOptions {
  readonly queue: SecureQueue;
  /**
   * The message group of every message. Required for a FIFO queue, refused by a standard one.
   * @default none
   */
  readonly messageGroupId?: string;
  /**
   * Reshapes the message body.
   * @default the whole event
   */
  readonly input?: events.RuleTargetInput;
}

export interface StreamSubscriptionOptions extends SubscriptionOptions {
  readonly stream: kinesis.IStream;
  /**
   * JSON path of the partition key in the event, e.g. `$.detail.data.userId`: records with the same
   * key go to the same shard, in order. No default: ordering per key is why events go to a stream.
   */
  readonly partitionKeyPath: string;
  /**
   * Reshapes the record data.
   * @default the whole event
   */
  readonly input?: events.RuleTargetInput;
}

/** What one subscription created. */
export interface Subscription {
  readonly rule: events.Rule;
  /** Where events go that EventBridge failed to deliver after its retries. */
  readonly deadLetterQueue: DeadLetterQueue;
  /** `FailedInvocations > 0` for the rule in a minute. */
  readonly failedInvocationsAlarm: cloudwatch.Alarm;
}

interface Delivery {
  readonly deadLetterQueue: sqs.IQueue;
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

/**
 * The event backbone: a custom EventBridge bus with an archive of every event (the wire tap, for
 * replay), and subscriptions that each get a rule with one target, a retry policy, a dead-letter
 * queue (encrypted, TLS-only, 14 days, alarmed) and an alarm on failed invocations. A CloudWatch
 * dashboard shows each rule's matched events, invocations, failures and DLQ depth.
 *
 * @example
 * const backbone = new EventBackbone(this, 'Backbone');
 * backbone.subscribeQueue('ReserveStock', {
 *   pattern: patternFor(OrderPlaced),
 *   queue: reserveStock,
 *   description: 'Reserve stock for every placed order',
 * });
 */
export class EventBackbone extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly alarmTopic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly #subscriptions: Subscription[] = [];
  readonly #retryAttempts: number;
  readonly #maxEventAge: Duration;

  constructor(scope: Construct, id: string, props: EventBackboneProps = {}) {
    super(scope, id);
    const busName = props.busName ?? 'eventful';
    this.#retryAttempts = props.retryAttempts ?? 10;
    this.#maxEventAge = props.maxEventAge ?? Duration.hours(2);
    this.alarmTopic = props.alarmTopic ?? new AlarmTopic(this, 'Alarms').topic;

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: busName, description: 'eventful: every domain event' });
    this.archive = this.bus.archive('Archive', {
      description: 'Every event on the bus, for replay (wire tap)',
      // An empty pattern renders no EventPattern at all, and an archive without one keeps every event.
      eventPattern: {},
      retention: props.archiveRetention ?? Duration.days(30),
    });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${busName}-backbone`,
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# Event bus \`${busName}\`\nOne row per rule: events matched, targets invoked, deliveries failed after retries, and the rule's dead-letter queue.`,
            width: 24,
            height: 2,
          }),
        ],
      ],
    });
  }

  /** Every subscription made so far. */
  get subscriptions(): readonly Subscription[] {
    return this.#subscriptions;
  }

  /**
   * Routes matching events to a function, invoked asynchronously. Two failure paths, two queues:
   * the rule's dead-letter queue gets events EventBridge could not hand to Lambda (permissions,
   * throttling past the retry policy), while errors thrown by the function are retried by Lambda
   * and then go to the function's own on-failure destination.
   *
   * @throws ConstructUsageError when the function has no on-failure destination.
   */
  subscribeFunction(id: string, options: FunctionSubscriptionOptions): Subscription {
    if (!options.function.onFailure) {
      throw new ConstructUsageError(
        `${options.function.node.path}: subscribed to rule ${id} but created with invokedAsynchronously: false, so its failed invocations would be lost`,
      );
    }
    return this.#subscribe(
      id,
      options,
      (delivery) => new targets.LambdaFunction(options.function.function, { ...delivery, ...(options.input ? { event: options.input } : {}) }),
    );
  }

  /** Routes matching events to a queue (point-to-point, competing consumers). */
  subscribeQueue(id: string, options: QueueSubscriptionOptions): Subscription {
    if (options.queue.queue.fifo && options.messageGroupId === undefined) {
      throw new ConstructUsageError(`${options.queue.node.path}: subscribed to rule ${id} as a FIFO queue without a messageGroupId`);
    }
    return this.#subscribe(
      id,
      options,
      (delivery) =>
        new targets.SqsQueue(options.queue.queue, {
          ...delivery,
          ...(options.messageGroupId === undefined ? {} : { messageGroupId: options.messageGroupId }),
          ...(options.input ? { message: options.input } : {}),
        }),
    );
  }

  /** Routes matching events to a Kinesis stream, partitioned by `partitionKeyPath`. */
  subscribeStream(id: string, options: StreamSubscriptionOptions): Subscription {
    return this.#subscribe(
      id,
      options,
      (delivery) =>
        new targets.KinesisStream(options.stream, {
          ...delivery,
          partitionKeyPath: options.partitionKeyPath,
          ...(options.input ? { message: options.input } : {}),
        }),
    );
  }

  /**
   * Lets `grantee` publish the given catalog events to the bus: `events:PutEvents` on this bus only,
   * and only entries whose source and detail type are those of `definitions` (IAM condition keys
   * `events:source` and `events:detail-type`, checked per entry: an entry with any other is refused
   * with `NotAuthorizedForSourceException` / `NotAuthorizedForDetailTypeException`). So a function
   * can never publish, say, a `PaymentReceived` that its consumers would trust.
   * `bus.grantPutEventsTo` takes no conditions, hence the statement written here.
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
   *
   * @throws ConstructUsageError when `definitions` is empty: a grant for no event is a mistake.
   */
  grantPutEvents(grantee: iam.IGrantable, definitions: readonly EventDefinition[]): iam.Grant {
    if (definitions.length === 0) throw new ConstructUsageError(`${this.node.path}: grantPutEvents needs the events the grantee publishes, got none`);
    const distinct = (values: string[]) => [...new Set(values)].sort();
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['events:PutEvents'],
      resourceArns: [this.bus.eventBusArn],
      conditions: {
        StringEquals: {
          'events:source': distinct(definitions.map((d) => d.source)),
          'events:detail-type': distinct(definitions.map((d) => d.detailType)),
        },
      },
    });
  }

  #subscribe(id: string, options: SubscriptionOptions, target: (delivery: Delivery) => events.IRuleTarget): Subscription {
    const scope = new Construct(this, id);
    const deadLetterQueue = new DeadLetterQueue(scope, 'DeadLetter', { purpose: `rule ${id}`, alarmTopic: this.alarmTopic });
    acknowledge(
      deadLetterQueue.queue,
      'AwsSolutions-SQS3',
      `This queue is the dead-letter queue of rule ${id}'s target; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.`,
    );
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

    const failedInvocations = this.#ruleMetric(rule, 'FailedInvocations');
    const failedInvocationsAlarm = alarmOnAny(scope, 'FailedInvocationsAlarm', failedInvocations, {
      description: `Rule ${id} failed to deliver events to its target after retries: they are in its dead-letter queue.`,
      topic: this.alarmTopic,
    });

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${id}: events`,
        left: [this.#ruleMetric(rule, 'MatchedEvents'), this.#ruleMetric(rule, 'Invocations'), failedInvocations],
        width: 16,
      }),
      new cloudwatch.GraphWidget({
        title: `${id}: dead-letter queue`,
        left: [deadLetterQueue.queue.metricApproximateNumberOfMessagesVisible({ label: 'messages', statistic: cloudwatch.Stats.MAXIMUM })],
        width: 8,
      }),
    );

    const subscription: Subscription = { rule, deadLetterQueue, failedInvocationsAlarm };
    this.#subscriptions.push(subscription);
    return subscription;
  }

  /**
   * A per-rule metric. Rules on a custom bus report with both the EventBusName and RuleName
   * dimensions (RuleName alone is the default bus).
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
   */
  #ruleMetric(rule: events.Rule, metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap: { EventBusName: this.bus.eventBusName, RuleName: rule.ruleName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
    });
  }
}
