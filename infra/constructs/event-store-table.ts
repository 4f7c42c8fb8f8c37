import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EVENT_STORE_KEY } from '../../shared/event-store/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';
import type { EventfulFunction } from './eventful-function.ts';
import { FlowTable } from './flow-table.ts';

/** Grants limited to the streams of aggregates whose id starts with `aggregatePrefix`. */
export interface EventStoreGrantOptions {
  /**
   * Only aggregates whose id starts with this prefix (IAM condition `dynamodb:LeadingKeys`), e.g.
   * `payment-webhook#` for the function that records webhook deliveries.
   * @default every aggregate
   */
  readonly aggregatePrefix?: string;
}

/**
 * The event store (`EVENT_STORE_TABLE`): one item per event, partition key `aggregateId`, sort key
 * `version`, written only by conditional puts (shared/event-store). Its stream (NEW_IMAGE) feeds the
 * outbox relay.
 *
 * Append-only by IAM, not only by convention: the grants allow loading (Query, GetItem) and
 * appending (PutItem, alone or inside TransactWriteItems, which IAM checks as its individual
 * actions), never UpdateItem or DeleteItem. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 *
 * On demand, encrypted with an AWS managed key, point-in-time recovery on, and RETAINED when the
 * stack is deleted: it is the system of record every read model is rebuilt from.
 *
 * Each grant also sets `EVENT_STORE_TABLE` on the function.
 */
export class EventStoreTable extends Construct {
  readonly #events: FlowTable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.#events = new FlowTable(this, 'Events', {
      environmentVariable: ENV.eventStoreTable,
      partitionKey: { name: EVENT_STORE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: EVENT_STORE_KEY.sortKey, type: dynamodb.AttributeType.NUMBER },
      // The relay publishes the stored item as it is: the new image is all it needs.
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  get table(): dynamodb.TableV2 {
    return this.#events.table;
  }

  /** Lets `grantee` read an aggregate's events (Query, GetItem). */
  grantLoad(grantee: EventfulFunction, options: EventStoreGrantOptions = {}): iam.Grant {
    return this.#grant(grantee, ['dynamodb:Query', 'dynamodb:GetItem'], options);
  }

  /** Lets `grantee` append events (PutItem): no update, no delete. */
  grantAppend(grantee: EventfulFunction, options: EventStoreGrantOptions = {}): iam.Grant {
    return this.#grant(grantee, ['dynamodb:PutItem'], options);
  }

  #grant(fn: EventfulFunction, actions: string[], { aggregatePrefix }: EventStoreGrantOptions): iam.Grant {
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
    return this.#events.grant(
      fn,
      actions,
      aggregatePrefix === undefined ? {} : { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${aggregatePrefix}*`] } } },
    );
  }
}
