import type { Clock } from '../clock.ts';

/** What the quiet check reads: the runtime's Lambda, EventBridge and event source mappings. */
export interface QuietParts {
  clock: Clock;
  lambda: { executions(): unknown[]; readonly pendingAsyncInvocations: number; readonly lastExecutionEndedAt: number };
  events: { readonly pending: number };
  mappings: { streamsIdleSince(): number | undefined; sqsMessagesWaiting(): Promise<number> };
}

/** `GET /_eventful/quiet` and `runtime.quietState()`: what still has work, and whether nothing does. */
export interface QuietState {
  quiet: boolean;
  /** Lambda executions running (sync and async). */
  executions: number;
  /** Asynchronous invocations accepted and not finished (running, waiting to retry, being delivered). */
  asyncInvocations: number;
  /** EventBridge target deliveries and replays in progress (retries included). */
  eventBridgeDeliveries: number;
  /** Messages in the queues that event source mappings read: visible, in flight or delayed. */
  sqsMessages: number;
  /** Whether every stream shard was read to its tip after the last execution ended, with no open tumbling window. */
  streamsDrained: boolean;
}

const QUIET_POLL_MS = 100;

/**
 * Whether nothing has work now. Streams cannot be asked how far behind they are, so a stream counts as drained when
 * each shard's last read found nothing and began at or after `since` and after the last Lambda execution ended (every
 * record a function wrote was in the stream by then). Read twice around the SQS counts, so that work handed on
 * while they were read (an EventBridge delivery, a function's send) shows in one of the two readings.
 */
export async function quietState(parts: QuietParts, since = Number.NEGATIVE_INFINITY): Promise<QuietState> {
  const before = readLocal(parts, since);
  const sqsMessages = await parts.mappings.sqsMessagesWaiting();
  const after = readLocal(parts, since);
  const worst = {
    executions: Math.max(before.executions, after.executions),
    asyncInvocations: Math.max(before.asyncInvocations, after.asyncInvocations),
    eventBridgeDeliveries: Math.max(before.eventBridgeDeliveries, after.eventBridgeDeliveries),
    sqsMessages,
    streamsDrained: before.streamsDrained && after.streamsDrained && before.lastEndedAt === after.lastEndedAt,
  };
  const quiet = worst.executions === 0 && worst.asyncInvocations === 0 && worst.eventBridgeDeliveries === 0 && sqsMessages === 0 && worst.streamsDrained;
  return { quiet, ...worst };
}

/**
 * Resolves once nothing has work (`quietState`), with every stream read after the call: what was sent before it has
 * been processed, retried, dead-lettered or delivered. Rejects after `timeoutMs` with what still had work.
 */
export async function whenQuiet(parts: QuietParts, options: { timeoutMs: number; signal?: AbortSignal }): Promise<QuietState> {
  const since = parts.clock.now();
  const deadline = since + options.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const state = await quietState(parts, since);
    if (state.quiet) return state;
    if (parts.clock.now() > deadline) {
      throw new Error(`the runtime was still busy after ${options.timeoutMs} ms: ${describeBusy(state).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, QUIET_POLL_MS));
  }
}

/** What still has work, in words (`2 functions running`, `1 message in mapped queues`). */
export function describeBusy(state: QuietState): string[] {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    ...(state.executions > 0 ? [count(state.executions, 'function running', 'functions running')] : []),
    ...(state.asyncInvocations > 0 ? [count(state.asyncInvocations, 'asynchronous invocation', 'asynchronous invocations')] : []),
    ...(state.eventBridgeDeliveries > 0 ? [count(state.eventBridgeDeliveries, 'EventBridge delivery', 'EventBridge deliveries')] : []),
    ...(state.sqsMessages > 0 ? [count(state.sqsMessages, 'message in mapped queues', 'messages in mapped queues')] : []),
    ...(state.streamsDrained ? [] : ['stream mappings reading']),
  ];
}

function readLocal(parts: QuietParts, since: number) {
  const lastEndedAt = parts.lambda.lastExecutionEndedAt;
  const idleSince = parts.mappings.streamsIdleSince();
  return {
    executions: parts.lambda.executions().length,
    asyncInvocations: parts.lambda.pendingAsyncInvocations,
    eventBridgeDeliveries: parts.events.pending,
    lastEndedAt,
    streamsDrained: idleSince !== undefined && idleSince >= since && idleSince > lastEndedAt,
  };
}

/** The runtime did not become quiet in time; says what was still busy. */
export class NotQuietError extends Error {
  override readonly name = 'NotQuietError';
}

export interface QuietOptions {
  /** @default 60 000 */
  timeoutMs?: number;
}

/**
 * Resolves once everything the app was set doing has been done (`whenQuiet` on the runtime): for tests that assert
 * something did *not* happen, instead of a fixed wait.
 *
 * @throws NotQuietError naming what was still busy after `timeoutMs`.
 * @example
 * await postWebhook(duplicate);
 * await untilQuiet(runtime);
 * expect(await storedEvents(orderId)).toHaveLength(3);
 */
export async function untilQuiet(runtime: { whenQuiet(options: { timeoutMs: number }): Promise<QuietState> }, options: QuietOptions = {}): Promise<void> {
  try {
    await runtime.whenQuiet({ timeoutMs: options.timeoutMs ?? 60_000 });
  } catch (error) {
    throw new NotQuietError(error instanceof Error ? error.message : String(error));
  }
}
