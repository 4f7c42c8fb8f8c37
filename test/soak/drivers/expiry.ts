import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ADMIN_REQUEST_HEADER } from '../../../local/runtime/index.ts';
import { AWAITING_PAYMENT_INDEX, AWAITING_PAYMENT_INDEX_KEY } from '../../../shared/orders/index.ts';
import type { SoakApp } from '../soak-app.ts';

/**
 * Fires the expiry schedule now (the runtime's `eventful fire`), once the payment window of the first orders has
 * passed, so that unpaid orders expire and release their stock while payments may still race them. Answers whether
 * it fired: with a window longer than the run (the app's default 30 minutes) nothing could expire.
 */
export async function expireUnpaidOrders(app: SoakApp, firstOrderAt: number): Promise<{ fired: boolean; reason: string }> {
  const windowMs = app.settings.paymentWindowMinutes * 60_000;
  const elapsed = Date.now() - firstOrderAt;
  if (elapsed < windowMs) return { fired: false, reason: `the payment window (${app.settings.paymentWindowMinutes} min) had not passed for any order` };
  const answer = await fireExpiry(app);
  return { fired: answer.ok, reason: `fire answered ${answer.status}` };
}

/** Orders the read model shows awaiting payment (PLACED or RESERVED, the sparse index): what an expiry can still expire. */
export async function ordersAwaitingPayment(app: SoakApp): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await app.clients.documents.send(
      new QueryCommand({
        TableName: app.names.orders,
        IndexName: AWAITING_PAYMENT_INDEX,
        KeyConditionExpression: '#awaiting = :yes',
        ExpressionAttributeNames: { '#awaiting': AWAITING_PAYMENT_INDEX_KEY.partitionKey },
        ExpressionAttributeValues: { ':yes': 'Y' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** Expiry runs the soak fires at most before it reads the stores with orders still awaiting payment. */
const MOST_EXPIRY_ROUNDS = 10;

/**
 * Fires the expiry and waits until quiet, again, until no order awaits payment: a run takes what its time allows
 * and leaves a backlog to the next runs (on AWS, the next periods of its schedule), and the schedule keeps firing on
 * its own while the soak reads the stores. Reading with overdue orders left would catch a run halfway: an order
 * expired in its stream and stock but not yet in its view or notified. Stops early when a run expired none: what is
 * left then is views behind their streams (under chaos, a projection in a DLQ until the redrive), which no run can
 * change. Answers how many runs it fired and how many orders still await payment after them.
 */
export async function expireUntilNoneAwaits(app: SoakApp, quietMs: number): Promise<{ rounds: number; left: number }> {
  let rounds = 0;
  let left = await ordersAwaitingPayment(app);
  while (left > 0 && rounds < MOST_EXPIRY_ROUNDS) {
    await fireExpiry(app);
    rounds += 1;
    await app.runtime.whenQuiet({ timeoutMs: quietMs }).catch(() => undefined);
    const before = left;
    left = await ordersAwaitingPayment(app);
    if (left >= before) break;
  }
  return { rounds, left };
}

/** Fires the expiry schedule now, through the runtime's admin API (`eventful fire`). */
function fireExpiry(app: SoakApp): Promise<Response> {
  const url = `${app.runtime.endpointUrl}/_eventful/schedules/${encodeURIComponent(app.names.expirySchedule)}/fire`;
  return fetch(url, { method: 'POST', headers: { [ADMIN_REQUEST_HEADER]: '1' } });
}
