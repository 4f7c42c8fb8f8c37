import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EnvironmentVariable } from '../../shared/runtime/environment.ts';
import type { EventfulFunction } from './eventful-function.ts';

export interface FlowTableProps
  extends Omit<dynamodb.TablePropsV2, 'billing' | 'pointInTimeRecoverySpecification' | 'encryption' | 'removalPolicy' | 'deletionProtection'> {
  /**
   * No default on purpose: RETAIN for data that no other store can give back (event store,
   * products, activity stats, notifications, promotions: README "Data protection"), which also turns
   * on deletion protection; DESTROY for derived data a command rebuilds (the orders read model:
   * `eventful rebuild order-view`).
   */
  readonly removalPolicy: RemovalPolicy;
  /** The variable (from `ENV`, shared/runtime/environment.ts) a function granted this table reads its name from. */
  readonly environmentVariable: EnvironmentVariable;
}

/** Where a grant applies, beyond the base table. */
export interface FlowTableGrantOptions {
  /**
   * One index of the table instead of the base table.
   * @default the base table
   */
  readonly index?: string;
  /**
   * IAM conditions of the grant, e.g. `dynamodb:LeadingKeys`.
   * @default none
   */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

/**
 * A table of the flows with the house defaults every one of them shares: on demand, point-in-time
 * recovery on, encrypted with an AWS managed key (no key policy to manage, and what cdk-nag's
 * DynamoDB rules ask for). The caller gives keys, indexes, stream, removal policy, and the variable
 * its functions read its name from.
 *
 * A RETAINED table is also deletion protected: kept when the stack is deleted, and refused to a
 * DeleteTable by hand or by a CloudFormation replacement (a changed key schema), which RETAIN alone
 * does not stop. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 *
 * Its {@link grant} names the base table or the one index it needs (the table's own `grant*`
 * methods add `<table>/index/*` as soon as a table has an index), and sets that variable.
 *
 * @example
 * const promotions = new FlowTable(this, 'Promotions', {
 *   partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING },
 *   removalPolicy: RemovalPolicy.DESTROY,
 *   environmentVariable: ENV.promotionsTable,
 * });
 * promotions.grant(fn, ['dynamodb:PutItem']); // and PROMOTIONS_TABLE is set on fn
 */
export class FlowTable extends Construct {
  readonly table: dynamodb.TableV2;
  readonly environmentVariable: EnvironmentVariable;

  constructor(scope: Construct, id: string, { environmentVariable, ...props }: FlowTableProps) {
    super(scope, id);
    this.environmentVariable = environmentVariable;
    // `Default` keeps the table's logical id what it was before this wrapper (CDK leaves `Default` out of ids).
    this.table = new dynamodb.TableV2(this, 'Default', {
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      ...props,
    });
  }

  /** Lets `fn` call `actions` on the base table (or `options.index` only), and sets the table's variable on `fn`. */
  grant(fn: EventfulFunction, actions: readonly string[], options: FlowTableGrantOptions = {}): iam.Grant {
    fn.bindEnvironment(this.environmentVariable, this.table.tableName);
    return iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [...actions],
      resourceArns: [options.index === undefined ? this.table.tableArn : `${this.table.tableArn}/index/${options.index}`],
      ...(options.conditions ? { conditions: options.conditions } : {}),
    });
  }
}
