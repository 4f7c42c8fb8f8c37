import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../runtime/config.ts';
import { S3ClaimCheckStore, type ClaimCheckStore } from './claim-check-store.ts';
import { publishEvents, type PublishableEvent, type PublishResult } from './publish-events.ts';
import type { RetryOptions } from './retry.ts';

export interface EventPublisherOptions extends RetryOptions {
  /** Defaults to `process.env`; tests pass their own. */
  env?: Record<string, string | undefined>;
  /**
   * Pass a traced client (`tracer.captureAWSv3Client`) to see `PutEvents` in X-Ray.
   * @default a new EventBridgeClient, created once here
   */
  client?: EventBridgeClient;
  /**
   * Replaces the S3 store `CLAIM_CHECK_BUCKET` would give.
   * @default an S3ClaimCheckStore on CLAIM_CHECK_BUCKET when it is set, none otherwise
   */
  claimCheckStore?: ClaimCheckStore;
  /**
   * Client of the default claim-check store.
   * @default a new S3Client, created once here, when CLAIM_CHECK_BUCKET is set
   */
  s3Client?: S3Client;
}

/** Publishes catalog events to the function's bus: {@link publishEvents} with everything but the events bound. */
export type EventPublisher = (events: readonly PublishableEvent[]) => Promise<PublishResult>;

/**
 * Reads `EVENT_BUS_NAME` and `CLAIM_CHECK_BUCKET` once, creates the SDK clients once, and returns
 * `publish(events)`. Call it at module scope, so a misconfigured function fails at cold start.
 *
 * @throws ConfigError naming `EVENT_BUS_NAME` when it is missing, or a malformed variable.
 * @example
 * const publish = createEventPublisher();
 *
 * export const handler = async (command: PlaceOrder) => {
 *   await publish([createEvent(OrderPlaced, toOrder(command))]);
 * };
 */
export function createEventPublisher(options: EventPublisherOptions = {}): EventPublisher {
  const { env, client, claimCheckStore, s3Client, ...retry } = options;
  const config = loadConfig({ required: ['eventBusName'], env });
  const settings = {
    ...retry,
    client: client ?? new EventBridgeClient({}),
    eventBusName: config.eventBusName,
    claimCheckStore:
      claimCheckStore ?? (config.claimCheckBucket === undefined ? undefined : new S3ClaimCheckStore(config.claimCheckBucket, s3Client ?? new S3Client({}))),
  };
  return (events) => publishEvents(events, settings);
}
