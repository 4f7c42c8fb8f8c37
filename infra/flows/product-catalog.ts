import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { flowTable } from './flow-table.ts';

/**
 * The product catalog: the Products table (`PRODUCTS_TABLE`), partition key `sku`, with `name`,
 * `unitPrice`, `stock` (units available to reserve) and `updatedAt`. Orders reserve and release
 * stock in it with conditional updates; product imports create and update its items.
 *
 * On demand, encrypted with an AWS managed key, point-in-time recovery on, and RETAINED when the
 * stack is deleted: stock levels are the business's state of record, not derived data.
 *
 * @example
 * const catalog = new ProductCatalog(this, 'Catalog');
 * catalog.table.grantReadData(fn);
 */
export class ProductCatalog extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = flowTable(this, 'Products', {
      partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
