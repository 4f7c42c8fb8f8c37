import { DurableRecords } from '../persist/durable-records.ts';
import type { DeliveryStore, StoredDelivery } from './target-deliveries.ts';

/** Target deliveries not finished, in one JSON file replaced atomically on every change. */
export class FileDeliveryStore extends DurableRecords<StoredDelivery> implements DeliveryStore {
  constructor(path: string) {
    super(path, (delivery) => delivery.id);
  }
}
