import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

export interface FlowTableProps extends Omit<dynamodb.TablePropsV2, 'billing' | 'pointInTimeRecoverySpecification' | 'encryption' | 'removalPolicy'> {
  /**
   * No default on purpose: RETAIN for a system of record (event store, products), DESTROY for
   * derived data a flow can rebuild (read models, stats, notifications, promotions).
   */
  removalPolicy: RemovalPolicy;
}

/**
 * A table of the flows with the house defaults every one of them shares:
 * on demand, point-in-time recovery on, encrypted with an AWS managed key (no key policy to manage,
 * and what cdk-nag's DynamoDB rules ask for). The caller gives keys, indexes, stream and removal policy.
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
    ...props,
  });
}
