import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

export interface FlowTableProps extends Omit<dynamodb.TablePropsV2, 'billing' | 'pointInTimeRecoverySpecification' | 'encryption' | 'removalPolicy' | 'deletionProtection'> {
  /**
   * No default on purpose: RETAIN for data that no other store can give back (event store,
   * products, activity stats, notifications, promotions: README "Data protection"), which also turns
   * on deletion protection; DESTROY for derived data a command rebuilds (the orders read model:
   * `eventful rebuild order-view`).
   */
  removalPolicy: RemovalPolicy;
}

/**
 * A table of the flows with the house defaults every one of them shares:
 * on demand, point-in-time recovery on, encrypted with an AWS managed key (no key policy to manage,
 * and what cdk-nag's DynamoDB rules ask for). The caller gives keys, indexes, stream and removal policy.
 *
 * A RETAINED table is also deletion protected: kept when the stack is deleted, and refused to a
 * DeleteTable by hand or by a CloudFormation replacement (a changed key schema), which RETAIN alone
 * does not stop. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 *
 * @example
 * const promotions = flowTable(this, 'Promotions', {
 *   partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING },
 *   removalPolicy: RemovalPolicy.DESTROY,
 * });
 */
export function flowTable(scope: Construct, id: string, props: FlowTableProps): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, {
    billing: dynamodb.Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
    ...props,
  });
}
