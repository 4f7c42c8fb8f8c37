import type { ActivitySent } from '../drivers/activity.ts';
import type { OrderCatalog, SentCsv } from '../drivers/catalog-csv.ts';
import type { OrdersSent } from '../drivers/orders.ts';
import type { PutEventsSent } from '../drivers/put-events.ts';
import type { SentDelivery } from '../drivers/webhooks.ts';
import type { StoresSnapshot } from '../stores.ts';
import type { OrderStream } from './order-streams.ts';

/** What the soak sent, what the stores hold, and the app's settings: everything an invariant reads. */
export interface CheckContext {
  seed: number;
  catalog: OrderCatalog;
  orders: OrdersSent;
  deliveries: SentDelivery[];
  csv: SentCsv[];
  activity: ActivitySent;
  putEvents: PutEventsSent;
  stores: StoresSnapshot;
  streams: Map<string, OrderStream>;
  settings: { trendingThreshold: number; windowSeconds: number };
}
