import { inParallel, requestWithRetries, type RequestTally } from '../http-client.ts';
import type { SoakRandom } from '../prng.ts';
import type { SoakApp } from '../soak-app.ts';
import type { OrderCatalog } from './catalog-csv.ts';

/** An order the API accepted (201). */
export interface PlacedOrder {
  orderId: string;
  idempotencyKey: string;
  items: { sku: string; quantity: number }[];
  totalMinor: number;
}

export interface OrdersSent {
  placed: PlacedOrder[];
  /** Requests sent again with an Idempotency-Key already answered: each must name the same order. */
  replays: { idempotencyKey: string; orderId: string; replayedOrderId: string | undefined }[];
  /** Answers other than 201 to an order the soak made valid (the contract allows none). */
  refused: { status: number; body: unknown }[];
  firstPlacedAt: number;
}

/** What `placeOrders` fills in, made beforehand so that the webhooks can pay orders while others are still placed. */
export function emptyOrdersSent(): OrdersSent {
  return { placed: [], replays: [], refused: [], firstPlacedAt: Date.now() };
}

/** Share of orders whose request the client sends again after its 201 (a lost answer, a double click). */
const REPLAY_SHARE = 0.02;

/**
 * Places `count` orders concurrently on the few SKUs of `catalog` through `POST /orders`, each with its own
 * `Idempotency-Key` (so the client's retries after a 5xx or no answer are safe), and replays a few after success.
 */
export async function placeOrders(
  app: SoakApp,
  random: SoakRandom,
  tally: RequestTally,
  options: { seed: number; count: number; catalog: OrderCatalog; concurrency: number; name?: string; sent?: OrdersSent },
): Promise<OrdersSent> {
  const requests = Array.from({ length: options.count }, (_, i) => {
    const lines = random.chance(0.5) ? 1 : 2;
    const skus = new Set<string>();
    while (skus.size < lines) skus.add(random.chance(0.05) ? (options.catalog.skus.at(-1) as string) : random.pick(options.catalog.skus.slice(0, -1)));
    return {
      idempotencyKey: `soak-${options.seed}-${options.name ?? 'order'}-${i}`,
      customerId: `soak-customer-${random.int(1, 300)}`,
      items: [...skus].map((sku) => ({ sku, quantity: random.int(1, 3) })),
      replay: random.chance(REPLAY_SHARE),
    };
  });
  // Filled as answers come: another driver may read the orders placed so far (`ordersSoFar`).
  const sent: OrdersSent = options.sent ?? emptyOrdersSent();
  const url = `${app.runtime.apiUrl.replace(/\/$/, '')}/orders`;
  await inParallel(requests, options.concurrency, async (request) => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
      body: JSON.stringify({ customerId: request.customerId, items: request.items }),
    };
    const answer = await requestWithRetries(tally, 'POST /orders', url, init);
    const orderId = (answer.body as { orderId?: string } | undefined)?.orderId;
    if (answer.status !== 201 || !orderId) {
      sent.refused.push({ status: answer.status, body: answer.body });
      return;
    }
    const totalMinor = request.items.reduce((sum, item) => sum + item.quantity * options.catalog.unitPriceMinor, 0);
    sent.placed.push({ orderId, idempotencyKey: request.idempotencyKey, items: request.items, totalMinor });
    if (request.replay) {
      const again = await requestWithRetries(tally, 'POST /orders (replayed)', url, init);
      sent.replays.push({ idempotencyKey: request.idempotencyKey, orderId, replayedOrderId: (again.body as { orderId?: string } | undefined)?.orderId });
    }
  });
  return sent;
}
