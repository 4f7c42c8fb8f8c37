import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AWAITING_PAYMENT_INDEX } from '../../shared/orders/index.ts';
import { flowTable } from './flow-table.ts';

/**
 * The orders read model (`ORDERS_TABLE`): one item per order, partition key `orderId`, the order
 * view plus `awaitingPayment` ('Y' only while PLACED or RESERVED). The sparse index
 * `awaiting-payment` (partition key `awaitingPayment`, sort key `paymentDeadline`, all attributes)
 * holds only orders awaiting payment, oldest deadline first, so the expiry job reads exactly those.
 *
 * Derived data, rebuilt from the event store (`eventful rebuild order-view`): DESTROYED with the stack.
 *
 * Its grants name the base table or the one index they need: the table's own `grant*` methods add
 * `<table>/index/*` as soon as a table has an index, a wildcard no reader of orders by id needs.
 */
export class OrdersReadModel extends Construct {
  readonly table: dynamodb.TableV2;
  readonly awaitingPaymentIndexName = AWAITING_PAYMENT_INDEX;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = flowTable(this, 'Orders', {
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: AWAITING_PAYMENT_INDEX,
          partitionKey: { name: 'awaitingPayment', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'paymentDeadline', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Lets `grantee` read orders by id (GetItem, BatchGetItem) on the base table only. */
  grantReadOrders(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], resourceArns: [this.table.tableArn] });
  }

  /** Lets `grantee` write order views (PutItem, UpdateItem, conditional or not); never delete. */
  grantWriteOrders(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], resourceArns: [this.table.tableArn] });
  }

  /** Lets `grantee` query the `awaiting-payment` index, and nothing else. */
  grantQueryAwaitingPayment(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: [`${this.table.tableArn}/index/${AWAITING_PAYMENT_INDEX}`] });
  }
}
