import type { Clock } from '../clock.ts';
import type { FunctionSpec } from '../topology/types.ts';
import {
  ASYNC_RETRY_DELAYS_MS,
  DESTINATION_DETAIL_TYPE,
  DESTINATION_EVENT_SOURCE,
  LATEST,
  THROTTLE_BACKOFF_FIRST_MS,
  THROTTLE_BACKOFF_MAX_MS,
} from './constants.ts';
import { deadLetter, invocationRecord } from './destination-records.ts';
import type { Deliver, DeliveryDetails, DeliveryReason, DestinationCondition, ExecutionOutcome, LambdaActivity } from './types.ts';

/** One accepted `Event` invocation. */
export interface AsyncInvocation {
  spec: FunctionSpec;
  requestId: string;
  /** The event as JSON text. */
  event: string;
  invokedFunctionArn: string;
  /** Service clock time when Lambda accepted it: the start of its age. */
  acceptedAt: number;
}

/** How far an accepted event got: a restart continues from here. */
export interface AsyncProgress {
  attempts: number;
  throttles: number;
  /** Service clock time of its next attempt. */
  nextAttemptAt: number;
  last?: ExecutionOutcome;
}

/** An accepted event as a store keeps it between runs. */
export interface StoredAsyncInvocation extends Omit<AsyncInvocation, 'spec'>, AsyncProgress {
  functionName: string;
}

/** Where accepted, unfinished events are kept (`FileAsyncInvocationStore`): a restart runs them. */
export interface AsyncInvocationStore {
  load(): StoredAsyncInvocation[];
  /** Written before the call returns. */
  put(invocation: StoredAsyncInvocation): void;
  remove(requestId: string): void;
}

/** One try: `throttled` when no instance may run it now (reserved concurrency in use). */
export type AttemptResult = { throttled: true } | { throttled: false; outcome: ExecutionOutcome };

export interface AsyncQueueDependencies {
  clock: Clock;
  attempt: (invocation: AsyncInvocation, attempt: number) => Promise<AttemptResult>;
  deliver: Deliver;
  activity: (activity: LambdaActivity) => void;
  /** Keeps unfinished events beyond the run; without it, events not finished at stop are lost. */
  store?: AsyncInvocationStore;
}

type ActivityBody<T> = T extends unknown ? Omit<T, 'functionName' | 'at'> : never;

/**
 * Lambda's queue for asynchronous invocations: each event runs, is retried after function errors (1 minute,
 * then 2 minutes), is retried with exponential backoff while throttled, expires at its maximum age, and ends at
 * its destinations or dead-letter queue. All waiting is on the injected clock.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 *
 * With a store, each event is kept from its acceptance to its end with its attempts so far, so a restart runs
 * what the previous run accepted and did not finish (Lambda's own queue is durable: an accepted event is not lost).
 */
export class AsyncInvocationQueue {
  #deps: AsyncQueueDependencies;
  #inFlight = new Set<Promise<void>>();
  #stopping = new AbortController();
  /** Aborted by `drain`: waits end, no new attempt starts. */
  #draining = new AbortController();
  /** Events a drain left unfinished (kept in the store for the next run, or lost without one). */
  #left = 0;

  constructor(deps: AsyncQueueDependencies) {
    this.#deps = deps;
  }

  /** Events accepted and not yet finished (running, waiting to retry, or being delivered). */
  get size(): number {
    return this.#inFlight.size;
  }

  enqueue(invocation: AsyncInvocation): void {
    const progress: AsyncProgress = { attempts: 0, throttles: 0, nextAttemptAt: invocation.acceptedAt };
    this.#deps.store?.put(stored(invocation, progress));
    this.#start(invocation, progress);
  }

  /**
   * Runs the events a previous run accepted and did not finish, each from where it stopped (attempts made, next
   * attempt time). `spec` finds each one's function; events of a function that no longer exists are reported and
   * dropped.
   */
  resume(spec: (functionName: string) => AsyncInvocation['spec'] | undefined): number {
    const store = this.#deps.store;
    if (!store) return 0;
    let resumed = 0;
    for (const { functionName, attempts, throttles, nextAttemptAt, last, ...invocation } of store.load()) {
      const found = spec(functionName);
      if (!found) {
        // The template no longer has the function: nothing can run the event, as when its retries are exhausted.
        store.remove(invocation.requestId);
        this.#deps.activity({ type: 'discarded', requestId: invocation.requestId, condition: 'RetriesExhausted', functionName, at: this.#deps.clock.now() });
        continue;
      }
      this.#start({ ...invocation, spec: found }, { attempts, throttles, nextAttemptAt, ...(last ? { last } : {}) });
      resumed += 1;
    }
    return resumed;
  }

  #start(invocation: AsyncInvocation, progress: AsyncProgress): void {
    const processing = this.#process(invocation, progress)
      .catch((error: unknown) => {
        if (!this.#stopping.signal.aborted && !this.#draining.signal.aborted) throw error;
      })
      .finally(() => this.#inFlight.delete(processing));
    this.#inFlight.add(processing);
  }

  /**
   * The first half of an orderly stop: attempts running now finish (and reach their destinations), no new attempt
   * starts, and events waiting for one stay in the store for the next run (without a store they are lost, as they
   * are today with `stop`). Resolves with how many events were left unfinished.
   */
  async drain(): Promise<number> {
    this.#draining.abort(new Error('Lambda service stopping'));
    await this.drained();
    return this.#left;
  }

  /** Resolves when every accepted event has finished (use with a clock that moves on its own). */
  async drained(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Abandons every waiting event: nothing more runs or gets delivered. */
  stop(): void {
    this.#stopping.abort(new Error('Lambda service stopped'));
  }

  async #process(invocation: AsyncInvocation, progress: AsyncProgress): Promise<void> {
    let ended = false;
    try {
      ended = await this.#run(invocation, progress);
    } catch (error) {
      // A drain ends the wait for a retry by aborting it: the event stays for the next run.
      if (!this.#draining.signal.aborted || this.#stopping.signal.aborted) throw error;
    }
    if (!ended && this.#draining.signal.aborted) this.#left += 1;
  }

  /** Resolves `true` once the event reached its end (success, destinations), `false` when a stop came first. */
  async #run(invocation: AsyncInvocation, progress: AsyncProgress): Promise<boolean> {
    const { clock } = this.#deps;
    const { maximumRetryAttempts, maximumEventAgeSeconds } = invocation.spec.asyncConfig;
    const expiresAt = invocation.acceptedAt + maximumEventAgeSeconds * 1000;
    let { attempts, throttles, last } = progress;
    const keep = (delayMs: number) => {
      this.#deps.store?.put(stored(invocation, { attempts, throttles, nextAttemptAt: clock.now() + delayMs, ...(last ? { last } : {}) }));
    };

    if (progress.nextAttemptAt > clock.now()) await this.#sleep(progress.nextAttemptAt - clock.now(), expiresAt);
    for (;;) {
      if (clock.now() >= expiresAt) return this.#end(invocation, () => this.#fail(invocation, 'EventAgeExceeded', attempts, last));
      // Draining: the event waits in the store for the next run.
      if (this.#draining.signal.aborted) return false;
      const result = await this.#deps.attempt(invocation, attempts + 1);
      if (this.#stopping.signal.aborted) return false;

      if (result.throttled) {
        // Reserved concurrency 0: Lambda sends new events straight to the DLQ or on-failure destination.
        // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
        if (invocation.spec.reservedConcurrency === 0) return this.#end(invocation, () => this.#fail(invocation, 'RetriesExhausted', attempts, last));
        throttles += 1;
        const delayMs = Math.min(THROTTLE_BACKOFF_FIRST_MS * 2 ** (throttles - 1), THROTTLE_BACKOFF_MAX_MS);
        keep(delayMs);
        this.#report(invocation, { type: 'retry-scheduled', requestId: invocation.requestId, cause: 'throttled', nextAttempt: attempts + 1, delayMs });
        await this.#sleep(delayMs, expiresAt);
        continue;
      }

      attempts += 1;
      const outcome = result.outcome;
      last = outcome;
      if (outcome.ok) return this.#end(invocation, () => this.#succeed(invocation, attempts, outcome));
      if (attempts > maximumRetryAttempts) return this.#end(invocation, () => this.#fail(invocation, 'RetriesExhausted', attempts, outcome));
      const delayMs = ASYNC_RETRY_DELAYS_MS[Math.min(attempts, ASYNC_RETRY_DELAYS_MS.length) - 1] ?? ASYNC_RETRY_DELAYS_MS[0];
      keep(delayMs);
      this.#report(invocation, { type: 'retry-scheduled', requestId: invocation.requestId, cause: 'function-error', nextAttempt: attempts + 1, delayMs });
      await this.#sleep(delayMs, expiresAt);
    }
  }

  /** The event's last step (destinations, dead-letter queue); then it leaves the store: it will not run again. */
  async #end(invocation: AsyncInvocation, last: () => Promise<void>): Promise<true> {
    await last();
    this.#deps.store?.remove(invocation.requestId);
    return true;
  }

  /** Waits `delayMs`, or less if the event expires first (it is then dropped without another attempt). */
  #sleep(delayMs: number, expiresAt: number): Promise<void> {
    const untilExpiry = Math.max(0, expiresAt - this.#deps.clock.now());
    return this.#deps.clock.sleep(Math.min(delayMs, untilExpiry), AbortSignal.any([this.#stopping.signal, this.#draining.signal]));
  }

  async #succeed(invocation: AsyncInvocation, attempts: number, last: ExecutionOutcome): Promise<void> {
    const destination = invocation.spec.asyncConfig.destinations.onSuccess;
    if (!destination) return;
    await this.#sendRecord(invocation, destination, 'on-success', 'Success', attempts, last);
  }

  async #fail(invocation: AsyncInvocation, condition: DestinationCondition, attempts: number, last: ExecutionOutcome | undefined): Promise<void> {
    const { spec, requestId } = invocation;
    const onFailure = spec.asyncConfig.destinations.onFailure;
    // Destinations work "in addition to or instead of" a dead-letter queue: both get the event when both are set.
    // https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html
    const sends: Promise<void>[] = [];
    if (onFailure) sends.push(this.#sendRecord(invocation, onFailure, 'on-failure', condition, attempts, last));
    if (spec.deadLetterArn) {
      const letter = deadLetter({ requestId, event: invocation.event, ...(last ? { last } : {}) });
      sends.push(
        this.#send(invocation, spec.deadLetterArn, JSON.parse(invocation.event), {
          reason: 'dead-letter',
          functionName: spec.name,
          requestId,
          body: letter.body,
          messageAttributes: letter.messageAttributes,
        }),
      );
    }
    if (sends.length === 0) this.#report(invocation, { type: 'discarded', requestId, condition });
    await Promise.all(sends);
  }

  async #sendRecord(
    invocation: AsyncInvocation,
    targetArn: string,
    reason: DeliveryReason,
    condition: DestinationCondition,
    attempts: number,
    last: ExecutionOutcome | undefined,
  ): Promise<void> {
    const { spec, requestId } = invocation;
    const record = invocationRecord({
      timestamp: this.#deps.clock.now(),
      requestId,
      functionArn: spec.arn,
      condition,
      approximateInvokeCount: attempts,
      event: invocation.event,
      ...(last ? { last } : {}),
    });
    await this.#send(invocation, targetArn, record, {
      reason,
      functionName: spec.name,
      requestId,
      body: JSON.stringify(record),
      eventBridge: {
        source: DESTINATION_EVENT_SOURCE,
        detailType: condition === 'Success' ? DESTINATION_DETAIL_TYPE.success : DESTINATION_DETAIL_TYPE.failure,
        functionArn: `${spec.arn}:${LATEST}`,
      },
    });
  }

  async #send(invocation: AsyncInvocation, targetArn: string, payload: unknown, details: DeliveryDetails): Promise<void> {
    if (this.#stopping.signal.aborted) return;
    try {
      await this.#deps.deliver(targetArn, payload, details);
      this.#report(invocation, { type: 'delivered', requestId: details.requestId, reason: details.reason, targetArn });
    } catch (error) {
      // AWS counts DestinationDeliveryFailures / DeadLetterErrors and drops the record; so do we, visibly.
      const message = error instanceof Error ? error.message : String(error);
      this.#report(invocation, { type: 'delivery-failed', requestId: details.requestId, reason: details.reason, targetArn, error: message });
    }
  }

  #report(invocation: AsyncInvocation, activity: ActivityBody<LambdaActivity>): void {
    this.#deps.activity({ ...activity, functionName: invocation.spec.name, at: this.#deps.clock.now() } as LambdaActivity);
  }
}

function stored(invocation: AsyncInvocation, progress: AsyncProgress): StoredAsyncInvocation {
  const { spec, ...rest } = invocation;
  return { ...rest, functionName: spec.name, ...progress };
}
