import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AWAITING_PAYMENT_INDEX, AWAITING_PAYMENT_INDEX_KEY, ORDERS_TABLE_KEY } from '../../shared/orders/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';
import type { EventfulFunction } from './eventful-function.ts';
import { FlowTable } from './flow-table.ts';

/**
 * The orders read model (`ORDERS_TABLE`): one item per order, partition key `orderId`, the order
 * view plus `awaitingPayment` ('Y' only while PLACED or RESERVED). The sparse index
 * `awaiting-payment` (partition key `awaitingPayment`, sort key `paymentDeadline`, all attributes)
 * holds only orders awaiting payment, oldest deadline first, so the expiry job reads exactly those.
 *
 * Derived data, rebuilt from the event store (`eventful rebuild order-view`): DESTROYED with the stack.
 *
 * Its grants name the base table or the one index they need (the table's own `grant*` methods add
 * `<table>/index/*` as soon as a table has an index, a wildcard no reader of orders by id needs),
 * and each sets `ORDERS_TABLE` on the function.
 */
export class OrdersReadModel extends Construct {
  readonly awaitingPaymentIndexName = AWAITING_PAYMENT_INDEX;
  readonly #orders: FlowTable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.#orders = new FlowTable(this, 'Orders', {
      environmentVariable: ENV.ordersTable,
      partitionKey: { name: ORDERS_TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: AWAITING_PAYMENT_INDEX,
          partitionKey: { name: AWAITING_PAYMENT_INDEX_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: AWAITING_PAYMENT_INDEX_KEY.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  get table(): dynamodb.TableV2 {
    return this.#orders.table;
  }

  /** Lets `fn` read orders by id (GetItem, BatchGetItem) on the base table only. */
  grantReadOrders(fn: EventfulFunction): iam.Grant {
    return this.#orders.grant(fn, ['dynamodb:GetItem', 'dynamodb:BatchGetItem']);
  }

  /** Lets `fn` write order views (PutItem, UpdateItem, conditional or not); never delete. */
  grantWriteOrders(fn: EventfulFunction): iam.Grant {
    return this.#orders.grant(fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem']);
  }

  /** Lets `fn` query the `awaiting-payment` index, and nothing else. */
  grantQueryAwaitingPayment(fn: EventfulFunction): iam.Grant {
    return this.#orders.grant(fn, ['dynamodb:Query'], { index: AWAITING_PAYMENT_INDEX });
  }
}
