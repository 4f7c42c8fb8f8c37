import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inParallel, requestWithRetries, type RequestTally } from '../http-client.ts';
import type { SoakRandom } from '../prng.ts';
import { SOAK_WEBHOOK_SECRET, type SoakApp } from '../soak-app.ts';
import type { PlacedOrder } from './orders.ts';

export type DeliveryKind = 'pay' | 'redeliver' | 'fail' | 'pay-again' | 'underpay' | 'pay-rejected';

/** One webhook delivery: its id, the order it names, and the amount it carries. */
export interface SentDelivery {
  id: string;
  kind: DeliveryKind;
  orderId: string;
  type: 'payment.succeeded' | 'payment.failed';
  amountMinor: number;
  /** The final answer's status (202 expected, a redelivery too). */
  status: number;
}

/**
 * The orders to pay: those placed so far (the array grows while the orders driver runs) and whether it is done. The
 * webhooks pay orders as they are placed, as a shop's customers pay theirs: paid after the whole drive, orders of a
 * long run would all have expired first (a one-minute payment window), and "PAID" would go untested.
 */
export interface PlacedOrders {
  placed: readonly PlacedOrder[];
  complete: () => boolean;
}

/** How often the driver looks for an order placed since, when it has paid all the others. */
const NEXT_ORDER_POLL_MS = 100;

/** How long the driver waits for an order to be decided (RESERVED or REJECTED) before paying it anyway. */
const DECISION_WAIT_MS = 30_000;

/**
 * Sends `count` signed payment webhooks: mostly payments of reserved orders, and the cases a provider really sends:
 * redeliveries of a delivery id (same body), failed payments, a second payment of a paid order under a new id,
 * underpayments, and payments of orders that were rejected. Each is retried on 5xx/429 like a provider retries.
 */
export async function sendWebhooks(
  app: SoakApp,
  random: SoakRandom,
  tally: RequestTally,
  options: { seed: number; count: number; orders: PlacedOrders; concurrency: number; name?: string },
): Promise<SentDelivery[]> {
  const url = `${app.runtime.apiUrl.replace(/\/$/, '')}/webhooks/payments`;
  const pool = options.orders.placed;
  const statusOf = new Map<string, string>();
  const paid: PlacedOrder[] = [];
  const rejected: PlacedOrder[] = [];
  const sent: SentDelivery[] = [];
  let next = 0;
  const send = async (delivery: Omit<SentDelivery, 'status'>, body?: string) => {
    const raw =
      body ??
      JSON.stringify({
        id: delivery.id,
        type: delivery.type,
        data: { orderId: delivery.orderId, paymentId: `pay-${delivery.id}`, amount: delivery.amountMinor / 100, currency: app.settings.currency },
      });
    const answer = await requestWithRetries(tally, 'POST /webhooks/payments', url, { method: 'POST', headers: signed(raw), body: raw });
    sent.push({ ...delivery, status: answer.status });
    return raw;
  };
  const bodies = new Map<string, { delivery: Omit<SentDelivery, 'status'>; raw: string }>();
  const decide = async (order: PlacedOrder) => {
    const deadline = Date.now() + DECISION_WAIT_MS;
    for (;;) {
      const answer = await requestWithRetries(tally, 'GET /orders/{orderId}', `${app.runtime.apiUrl.replace(/\/$/, '')}/orders/${order.orderId}`, {});
      const status = (answer.body as { status?: string } | undefined)?.status;
      if ((status && status !== 'PLACED') || Date.now() > deadline) return status ?? 'UNKNOWN';
      await sleep(1_000);
    }
  };
  const plans = Array.from({ length: options.count }, () => {
    const roll = random.next();
    const kind: DeliveryKind =
      roll < 0.7 ? 'pay' : roll < 0.78 ? 'redeliver' : roll < 0.84 ? 'fail' : roll < 0.9 ? 'pay-again' : roll < 0.95 ? 'underpay' : 'pay-rejected';
    return kind;
  });
  await inParallel(plans, options.concurrency, async (kind, index) => {
    const id = `soak-${options.seed}-${options.name ?? 'delivery'}-${index}`;
    if (kind === 'redeliver' && bodies.size > 0) {
      const earlier = [...bodies.values()][random.int(0, bodies.size - 1)] as { delivery: Omit<SentDelivery, 'status'>; raw: string };
      await send({ ...earlier.delivery, kind: 'redeliver' }, earlier.raw);
      return;
    }
    if (kind === 'pay-again' && paid.length > 0) {
      const order = random.pick(paid);
      await send({ id, kind, orderId: order.orderId, type: 'payment.succeeded', amountMinor: order.totalMinor });
      return;
    }
    if (kind === 'pay-rejected' && rejected.length > 0) {
      const order = random.pick(rejected);
      await send({ id, kind, orderId: order.orderId, type: 'payment.succeeded', amountMinor: order.totalMinor });
      return;
    }
    // A fresh order: wait for its reservation decision, as a shop takes payment only after it.
    for (;;) {
      if (next >= pool.length) {
        if (options.orders.complete()) return;
        await sleep(NEXT_ORDER_POLL_MS);
        continue;
      }
      const order = pool[next] as PlacedOrder;
      next += 1;
      const status = statusOf.get(order.orderId) ?? (await decide(order));
      statusOf.set(order.orderId, status);
      if (status === 'REJECTED') {
        rejected.push(order);
        continue;
      }
      const type = kind === 'fail' ? 'payment.failed' : 'payment.succeeded';
      const amountMinor = kind === 'underpay' ? order.totalMinor - 1 : order.totalMinor;
      const delivery = {
        id,
        kind: kind === 'fail' || kind === 'underpay' ? kind : ('pay' as DeliveryKind),
        orderId: order.orderId,
        type,
        amountMinor,
      } as const;
      const raw = await send(delivery);
      bodies.set(id, { delivery, raw });
      if (delivery.kind === 'pay') paid.push(order);
      return;
    }
  });
  return sent;
}

function signed(body: string): Record<string, string> {
  const at = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SOAK_WEBHOOK_SECRET).update(`${at}.${body}`).digest('hex');
  return { 'content-type': 'application/json', 'webhook-signature': `t=${at},v1=${signature}` };
}
