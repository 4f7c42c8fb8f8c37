import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PRODUCTS_TABLE_KEY } from '../../shared/catalog/product-item.ts';
import { ENV } from '../../shared/runtime/environment.ts';
import type { EventfulFunction } from './eventful-function.ts';
import { FlowTable } from './flow-table.ts';

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
 * catalog.grant(fn, ['dynamodb:BatchGetItem']); // and PRODUCTS_TABLE is set on fn
 */
export class ProductCatalog extends Construct {
  readonly #products: FlowTable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.#products = new FlowTable(this, 'Products', {
      environmentVariable: ENV.productsTable,
      partitionKey: { name: PRODUCTS_TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  get table(): dynamodb.TableV2 {
    return this.#products.table;
  }

  /** Lets `fn` call item-level `actions` on products (never a Scan), and sets `PRODUCTS_TABLE` on it. */
  grant(fn: EventfulFunction, actions: readonly string[]): iam.Grant {
    return this.#products.grant(fn, actions);
  }
}
