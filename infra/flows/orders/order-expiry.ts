import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { acknowledge } from '../../acknowledge.ts';
import { DeadLetterQueue } from '../../constructs/dead-letter-queue.ts';
import type { EventStoreTable } from '../../constructs/event-store-table.ts';
import type { EventfulFunction } from '../../constructs/eventful-function.ts';
import type { EventfulPlatform } from '../../constructs/eventful-platform.ts';
import { InvokeFunction } from '../../constructs/invoke-function.ts';
import type { OrdersReadModel } from '../../constructs/orders-read-model.ts';
import type { ProductCatalog } from '../../constructs/product-catalog.ts';

/** The expiry job's rate: an unpaid order expires at most this long after its deadline. */
const EXPIRY_RATE = Duration.minutes(5);

export interface OrderExpiryProps {
  readonly platform: EventfulPlatform;
  readonly eventStore: EventStoreTable;
  /** Where orders awaiting payment are found (its `awaiting-payment` index). */
  readonly readModel: OrdersReadModel;
  /** Whose stock an expired order releases. */
  readonly catalog: ProductCatalog;
}

/**
 * Every 5 minutes (EventBridge Scheduler), expire-unpaid-orders records `OrderExpired` for orders
 * unpaid past their deadline, releasing their stock.
 */
export class OrderExpiry extends Construct {
  readonly function: EventfulFunction;
  readonly schedule: scheduler.Schedule;
  /** Where the schedule's undeliverable invocations go. */
  readonly scheduleFailures: DeadLetterQueue;

  constructor(scope: Construct, id: string, { platform, eventStore, readModel, catalog }: OrderExpiryProps) {
    super(scope, id);
    this.function = platform.createFunction(this, 'ExpireUnpaidOrders', {
      name: 'expire-unpaid-orders',
      description: 'Records OrderExpired for orders unpaid past their deadline, releasing their stock',
      // One run pages through every overdue order, each a load and a transaction.
      timeout: Duration.seconds(60),
      // The next run, five minutes later, redoes the same work: a retry would only overlap with it.
      asyncRetryAttempts: 0,
    });
    readModel.grantQueryAwaitingPayment(this.function);
    eventStore.grantLoad(this.function);
    eventStore.grantAppend(this.function);
    // Releasing stock adds it back with an update; products are never created or deleted here.
    catalog.grant(this.function, ['dynamodb:UpdateItem']);
    this.scheduleFailures = new DeadLetterQueue(this, 'ScheduleFailures', { purpose: 'the unpaid order expiry schedule', alarmTopic: platform.alarmTopic });
    acknowledge(
      this.scheduleFailures.queue,
      'AwsSolutions-SQS3',
      "This queue is the expiry schedule's dead-letter queue; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    // A role of its own: the role CDK would share between every schedule target of the stack lets
    // each schedule invoke every other schedule's function.
    const role = new iam.Role(this, 'ScheduleRole', {
      description: 'Lets the unpaid order expiry schedule invoke expire-unpaid-orders',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role (confused deputy)
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    this.schedule = new scheduler.Schedule(this, 'ExpireUnpaidOrdersSchedule', {
      description: 'Expires orders left unpaid past their payment deadline',
      schedule: scheduler.ScheduleExpression.rate(EXPIRY_RATE),
      target: new InvokeFunction(this.function.function, {
        role,
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        // A run not delivered within its own interval is superseded by the next one.
        maxEventAge: EXPIRY_RATE,
        retryAttempts: 3,
        deadLetterQueue: this.scheduleFailures.queue,
      }),
    });
  }
}
