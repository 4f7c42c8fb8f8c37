import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { inParallel, requestWithRetries, type RequestTally } from '../http-client.ts';
import type { SoakRandom } from '../prng.ts';
import type { SoakApp } from '../soak-app.ts';

/** AWS's and the API's limit on events per `POST /activity`. */
const EVENTS_PER_REQUEST = 500;
const TYPES = ['product_view', 'product_view', 'product_view', 'product_view', 'product_view', 'add_to_cart', 'add_to_cart', 'checkout', 'page_view'] as const;

export interface ActivitySent {
  sent: number;
  /** Summed `accepted` of the 202 answers. */
  accepted: number;
  /** Events refused one by one in 202 answers (the soak makes about 1% invalid). */
  rejected: number;
  /** Requests whose final answer was not 202. */
  failedRequests: { status: number; body: unknown }[];
  /** Kinesis records the soak made poison on purpose, each marked `soak-poison`. */
  poisonRecords: number;
  /** Their sequence numbers: the on-failure record of a stream batch names its first one, not its data. */
  poisonSequenceNumbers: string[];
}

/**
 * Sends `count` activity events through `POST /activity`, 500 a request, over a few hot products and many cold
 * ones (so some windows cross the trending threshold and most do not), about 1% of them invalid; then a few
 * poison records straight into the stream, which the aggregation must send to its on-failure destination.
 */
export async function sendActivity(
  app: SoakApp,
  random: SoakRandom,
  tally: RequestTally,
  options: { seed: number; count: number; skus: string[]; concurrency: number; poison?: boolean },
): Promise<ActivitySent> {
  const hot = options.skus.slice(0, 3);
  const cold = [...options.skus.slice(3), ...Array.from({ length: 20 }, (_, i) => `SOAK-${options.seed}-BROWSE-${i}`)];
  const result: ActivitySent = { sent: 0, accepted: 0, rejected: 0, failedRequests: [], poisonRecords: 0, poisonSequenceNumbers: [] };
  const requests = Math.ceil(options.count / EVENTS_PER_REQUEST);
  const url = `${app.runtime.apiUrl.replace(/\/$/, '')}/activity`;
  await inParallel(Array.from({ length: requests }), Math.max(1, Math.floor(options.concurrency / 4)), async (_, index) => {
    const size = Math.min(EVENTS_PER_REQUEST, options.count - index * EVENTS_PER_REQUEST);
    const events = Array.from({ length: size }, () => {
      const type = random.pick(TYPES);
      const sku = random.chance(0.4) ? random.pick(hot) : random.pick(cold);
      const event: Record<string, unknown> = { type, userId: `soak-user-${random.int(1, 2_000)}`, at: new Date().toISOString() };
      if (type !== 'page_view' && !random.chance(0.01)) event.sku = sku;
      else if (type === 'page_view') event.sku = sku;
      return event;
    });
    result.sent += events.length;
    // One key per request, the same on every retry: the events' ids derive from it, so a retry after a 5xx whose
    // records were written writes the same records again, and the aggregation counts them once.
    const answer = await requestWithRetries(tally, 'POST /activity', url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `soak-${options.seed}-activity-${index}` },
      body: JSON.stringify({ events }),
    });
    const body = answer.body as { accepted?: number; rejected?: unknown[] } | undefined;
    if (answer.status !== 202) {
      result.failedRequests.push({ status: answer.status, body: answer.body });
      return;
    }
    result.accepted += body?.accepted ?? 0;
    result.rejected += body?.rejected?.length ?? 0;
  });
  if (options.poison !== false) {
    result.poisonSequenceNumbers = await putPoisonRecords(app, options.seed);
    result.poisonRecords = result.poisonSequenceNumbers.length;
  }
  return result;
}

/** Records no consumer can read, put into the activity stream directly (each must reach the on-failure destination); their sequence numbers. */
async function putPoisonRecords(app: SoakApp, seed: number): Promise<string[]> {
  let pending = Array.from({ length: 3 }, (_, i) => ({
    Data: Buffer.from(`{"soak-poison": ${seed}, "n": ${i}, "type": "product_view", `),
    PartitionKey: `soak-poison-${i}`,
  }));
  const sequenceNumbers: string[] = [];
  // PutRecords under `kinesis.throughput` fails single records: put those again, as the SDK's callers must.
  for (let attempt = 0; pending.length > 0 && attempt < 10; attempt += 1) {
    const answer = await app.clients.kinesis.send(new PutRecordsCommand({ StreamName: app.names.activityStream, Records: pending }));
    sequenceNumbers.push(...(answer.Records ?? []).flatMap((record) => (record.SequenceNumber ? [record.SequenceNumber] : [])));
    pending = pending.filter((_, i) => answer.Records?.[i]?.ErrorCode !== undefined);
  }
  return sequenceNumbers;
}
