import { randomUUID } from 'node:crypto';
import type { Chaos } from '../chaos/chaos.ts';
import type { Clock } from '../clock.ts';
import { classifyTargetError, type TargetFailure } from './classify-target-error.ts';
import type { CompiledTarget } from './compile-target.ts';
import { DEAD_LETTER_ATTRIBUTES } from './constants.ts';
import { TargetDeliveryError } from './errors.ts';
import { correlationIdOf, formatEventTime } from './event-envelope.ts';
import { retryDelayMs } from './retry-delay.ts';
import type { EventBridgeActivity, EventEnvelope, ExhaustedRetryCondition, MessageAttribute, TargetDispatcher, TargetRef } from './types.ts';

/** One event on its way to one target of one matched rule. */
export interface Delivery {
  event: EventEnvelope;
  /** Service clock time when the bus received the event: the start of its age. */
  ingestedAt: number;
  busName: string;
  rule: { name: string; arn: string };
  target: CompiledTarget;
}

/** A delivery as a store keeps it: its target named by rule and target id, found again after a restart. */
export interface StoredDelivery {
  id: string;
  event: EventEnvelope;
  ingestedAt: number;
  busName: string;
  ruleName: string;
  targetId: string;
}

/** Where deliveries not finished are kept (`FileDeliveryStore`): a restart makes them. */
export interface DeliveryStore {
  load(): StoredDelivery[];
  /** Written before the call returns. */
  put(delivery: StoredDelivery): void;
  remove(id: string): void;
}

export interface DeliveryDependencies {
  clock: Clock;
  dispatcher: TargetDispatcher;
  random: () => number;
  activity: (activity: EventBridgeActivity) => void;
  /**
   * Keeps each delivery from the moment the bus accepted its event until it ends (delivered, dead-lettered or
   * dropped): PutEvents' answer promises delivery, so a kill in between must not lose it. @default none
   */
  store?: DeliveryStore;
  /** `--chaos`: delivers some events twice (`eventbridge.duplicate`). */
  chaos?: Chaos;
}

type ActivityBody<T> = T extends unknown ? Omit<T, 'at' | 'eventId' | 'busName' | 'correlationId' | keyof TargetRef> : never;
type EventActivity = Exclude<EventBridgeActivity, { type: 'replay-state' }>;

/**
 * Sends events to targets as EventBridge does: each delivery on its own, retried on retriable failures with
 * exponential backoff and jitter until the target's `MaximumRetryAttempts` or `MaximumEventAgeInSeconds` runs out,
 * then to the target's dead-letter queue with AWS's message attributes, or dropped (and said so) without one.
 * Non-retriable failures (missing resource or permission, invalid input) skip the retries.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export class TargetDeliveries {
  readonly #deps: DeliveryDependencies;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopping = new AbortController();

  constructor(deps: DeliveryDependencies) {
    this.#deps = deps;
  }

  /** Deliveries started and not finished (sending, waiting to retry, or dead-lettering). */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Starts a delivery; `storedId` when it is one a previous run kept (it is in the store already). */
  start(delivery: Delivery, storedId?: string): void {
    const store = this.#deps.store;
    const id = storedId ?? randomUUID();
    if (store && storedId === undefined) {
      store.put({
        id,
        event: delivery.event,
        ingestedAt: delivery.ingestedAt,
        busName: delivery.busName,
        ruleName: delivery.rule.name,
        targetId: delivery.target.spec.id,
      });
    }
    const running = this.#run(delivery)
      .then(() => {
        // Ended (delivered, dead-lettered, dropped): not to be made again. A stop leaves it for the next run.
        if (!this.#stopping.signal.aborted) store?.remove(id);
      })
      .catch((error: unknown) => {
        if (!this.#stopping.signal.aborted) throw error;
      })
      .finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
  }

  /** Resolves when every delivery has finished (with a clock that moves on its own). */
  async drained(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Abandons deliveries waiting to retry: nothing more is sent. */
  stop(): void {
    this.#stopping.abort(new Error('EventBridge service stopped'));
  }

  async #run(delivery: Delivery): Promise<void> {
    // Targets are called after PutEvents has answered, as on AWS.
    await Promise.resolve();
    const { clock } = this.#deps;
    const { spec } = delivery.target;
    const expiresAt = delivery.ingestedAt + spec.retryPolicy.maximumEventAgeInSeconds * 1000;
    const input = delivery.target.input(delivery.event, {
      ruleArn: delivery.rule.arn,
      ruleName: delivery.rule.name,
      ingestionTime: formatEventTime(delivery.ingestedAt),
    });
    if (!input.ok) return this.#fail(delivery, { code: input.code, message: input.message, retriable: false }, 0, undefined);

    for (let attempt = 1; ; attempt++) {
      let failure: TargetFailure;
      try {
        await this.#send(delivery, input.payload);
        this.#report(delivery, { type: 'delivered', attempt });
        if (this.#deps.chaos?.strike('eventbridge.duplicate', `${delivery.rule.name} → ${delivery.target.spec.id} event ${delivery.event.id}`))
          await this.#duplicate(delivery, input.payload);
        return;
      } catch (error) {
        failure = classifyTargetError(error);
      }
      if (this.#stopping.signal.aborted) return;
      const retries = attempt - 1;
      if (!failure.retriable) return this.#fail(delivery, failure, retries, undefined);
      if (retries >= spec.retryPolicy.maximumRetryAttempts) return this.#fail(delivery, failure, retries, 'MaximumRetryAttempts');
      if (clock.now() >= expiresAt) return this.#fail(delivery, failure, retries, 'MaximumEventAgeInSeconds');

      const delayMs = retryDelayMs(attempt, this.#deps.random);
      this.#report(delivery, { type: 'retry-scheduled', attempt: attempt + 1, delayMs, errorCode: failure.code, errorMessage: failure.message });
      await clock.sleep(Math.min(delayMs, Math.max(0, expiresAt - clock.now())), this.#stopping.signal);
      if (clock.now() >= expiresAt) return this.#fail(delivery, failure, retries, 'MaximumEventAgeInSeconds');
    }
  }

  /** At-least-once: the target gets the event again; a failure of the copy changes nothing (the first arrived). */
  async #duplicate(delivery: Delivery, payload: string): Promise<void> {
    try {
      await this.#send(delivery, payload);
      this.#report(delivery, { type: 'delivered', attempt: 1 });
    } catch {
      // The original delivery succeeded: the duplicate is extra, its failure loses nothing.
    }
  }

  #send(delivery: Delivery, payload: string): Promise<void> {
    const { dispatcher } = this.#deps;
    const { spec } = delivery.target;
    switch (spec.kind) {
      case 'lambda':
        return dispatcher.lambda(spec.arn, payload);
      case 'sqs':
        return dispatcher.sqs(spec.arn, payload, spec.sqsMessageGroupId === undefined ? {} : { messageGroupId: spec.sqsMessageGroupId });
      case 'kinesis':
        return dispatcher.kinesis(spec.arn, payload, delivery.target.partitionKey(delivery.event));
      case 'event-bus':
        return dispatcher.eventBus(spec.arn, parseIfJson(payload));
      default:
        return Promise.reject(new TargetDeliveryError('INVALID_PARAMETER', `Targets of this kind are not emulated locally: ${spec.arn}`, { retriable: false }));
    }
  }

  async #fail(delivery: Delivery, failure: TargetFailure, retryAttempts: number, condition: ExhaustedRetryCondition | undefined): Promise<void> {
    const { spec } = delivery.target;
    const reason = condition ?? (failure.code === 'INVALID_JSON' || failure.code === 'INVALID_PARAMETER' ? 'invalid-input' : 'non-retriable');
    if (!spec.deadLetterArn) {
      this.#report(delivery, { type: 'dropped', reason, errorCode: failure.code, errorMessage: failure.message });
      return;
    }
    const attributes: Record<string, MessageAttribute> = {
      [DEAD_LETTER_ATTRIBUTES.ruleArn]: text(delivery.rule.arn),
      [DEAD_LETTER_ATTRIBUTES.targetArn]: text(spec.arn),
      [DEAD_LETTER_ATTRIBUTES.errorCode]: text(failure.code),
      [DEAD_LETTER_ATTRIBUTES.errorMessage]: text(failure.message),
      ...(condition ? { [DEAD_LETTER_ATTRIBUTES.exhaustedRetryCondition]: text(condition) } : {}),
      [DEAD_LETTER_ATTRIBUTES.retryAttempts]: text(String(retryAttempts)),
    };
    try {
      // The dead letter is the event itself, not the target's transformed input.
      await this.#deps.dispatcher.sqs(spec.deadLetterArn, JSON.stringify(delivery.event), { messageAttributes: attributes });
      this.#report(delivery, {
        type: 'dead-lettered',
        deadLetterArn: spec.deadLetterArn,
        errorCode: failure.code,
        errorMessage: failure.message,
        ...(condition ? { exhaustedRetryCondition: condition } : {}),
      });
    } catch (error) {
      // AWS counts InvocationsFailedToBeSentToDLQ and the event is gone; so here, visibly.
      const dlqFailure = classifyTargetError(error);
      this.#report(delivery, { type: 'dropped', reason: 'dead-letter-failed', errorCode: dlqFailure.code, errorMessage: dlqFailure.message });
    }
  }

  #report(delivery: Delivery, body: ActivityBody<EventActivity>): void {
    const correlationId = correlationIdOf(delivery.event);
    this.#deps.activity({
      ...body,
      at: this.#deps.clock.now(),
      eventId: delivery.event.id,
      busName: delivery.busName,
      ...(correlationId === undefined ? {} : { correlationId }),
      ruleName: delivery.rule.name,
      ruleArn: delivery.rule.arn,
      targetId: delivery.target.spec.id,
      targetArn: delivery.target.spec.arn,
    } as EventActivity);
  }
}

const text = (stringValue: string): MessageAttribute => ({ dataType: 'String', stringValue });

function parseIfJson(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}
