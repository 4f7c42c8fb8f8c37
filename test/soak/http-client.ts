import { setTimeout as sleep } from 'node:timers/promises';

/** Attempts a client makes of one request answered 5xx/429 or not at all, as a payment provider or an app would. */
const CLIENT_ATTEMPTS = 8;
/** First backoff between them, doubling. */
const CLIENT_BACKOFF_MS = 50;
/** A request that takes longer is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What the drivers sent and how it was answered, counted by the report. */
export class RequestTally {
  readonly sent: Record<string, number> = {};
  readonly retried: Record<string, number> = {};
  readonly answered: Record<string, Record<string, number>> = {};

  count(kind: string, status: number | 'no answer'): void {
    const byStatus = (this.answered[kind] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  }
}

/**
 * A request to the HTTP API retried as a well-behaved client retries it: on 429, 5xx and no answer, with backoff,
 * the same body and headers (an `Idempotency-Key`, a webhook's delivery id and signature) every time. The last
 * answer is returned; the caller decides what a 4xx means.
 */
export async function requestWithRetries(
  tally: RequestTally,
  kind: string,
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown; attempts: number }> {
  tally.sent[kind] = (tally.sent[kind] ?? 0) + 1;
  let last: { status: number; body: unknown } = { status: 0, body: undefined };
  for (let attempt = 1; attempt <= CLIENT_ATTEMPTS; attempt += 1) {
    if (attempt > 1) {
      tally.retried[kind] = (tally.retried[kind] ?? 0) + 1;
      await sleep(CLIENT_BACKOFF_MS * 2 ** (attempt - 2));
    }
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await response.text();
      last = { status: response.status, body: text ? safeJson(text) : undefined };
      tally.count(kind, response.status);
      if (response.status !== 429 && response.status < 500) return { ...last, attempts: attempt };
    } catch {
      tally.count(kind, 'no answer');
    }
  }
  return { ...last, attempts: CLIENT_ATTEMPTS };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Runs `work` over `items` with at most `concurrency` at once; resolves with the results in order. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
