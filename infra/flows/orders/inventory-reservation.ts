import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { OrderPlaced, patternFor } from '../../../shared/events/index.ts';
import type { EventStoreTable } from '../../constructs/event-store-table.ts';
import type { EventfulFunction } from '../../constructs/eventful-function.ts';
import type { EventfulPlatform } from '../../constructs/eventful-platform.ts';
import type { ProductCatalog } from '../../constructs/product-catalog.ts';
import type { SecureQueue } from '../../constructs/secure-queue.ts';

export interface InventoryReservationProps {
  readonly platform: EventfulPlatform;
  readonly eventStore: EventStoreTable;
  /** Whose stock is reserved. */
  readonly catalog: ProductCatalog;
}

/**
 * `OrderPlaced` → queue → reserve-inventory, which reserves the order's stock in Products atomically
 * with the `InventoryReserved` or `InventoryShortage` it records.
 */
export class InventoryReservation extends Construct {
  readonly queue: SecureQueue;
  readonly function: EventfulFunction;

  constructor(scope: Construct, id: string, { platform, eventStore, catalog }: InventoryReservationProps) {
    super(scope, id);
    this.queue = platform.createQueue(this, 'Queue');
    this.function = platform.createFunction(this, 'ReserveInventory', {
      name: 'reserve-inventory',
      description: 'Reserves stock for a placed order and records InventoryReserved or InventoryShortage',
      invokedAsynchronously: false,
    });
    eventStore.grantLoad(this.function);
    eventStore.grantAppend(this.function);
    // Stock is read with BatchGetItem, and decremented by conditional updates committed with the
    // event: item-level calls only (no Scan, no stream); products are never created or deleted here.
    catalog.grant(this.function, ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem']);
    // Invalid messages go straight to the DLQ with the reason, instead of five useless receives.
    this.queue.grantSendToDeadLetter(this.function);
    this.function.function.addEventSource(
      new SqsEventSource(this.queue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Orders for the same products race on the same stock items: a few pollers keep conditional
        // update conflicts rare while still draining a burst in parallel.
        maxConcurrency: 5,
      }),
    );
    platform.backbone.subscribeQueue('OrderPlacedToInventory', {
      pattern: patternFor(OrderPlaced),
      queue: this.queue,
      description: 'Every placed order to the stock reservation queue',
    });
  }
}
