/**
 * EventBridge for the local runtime: buses, rules and targets from the synthesized template (plus the default
 * bus), PutEvents with AWS's per-entry results, matching with the compiled event-pattern engine, delivery to
 * Lambda, SQS, Kinesis and other buses with `Input`, `InputPath` and `InputTransformer`, retry policy and
 * dead-letter queues, archives and replays, S3 object events, and the EventBridge API as a table of actions.
 *
 * @example
 * import { EventBridgeService, handleEventsRequest } from './local/eventbridge/index.ts';
 *
 * const events = new EventBridgeService(topology, { clock, targets, onActivity: (a) => liveLog.eventBridge(a) });
 * events.putEvents([{ Source: 'eventful.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(detail) }]);
 * events.s3ObjectCreated({ bucket: 'imports', key: 'products.csv', size: 512, etag: '"9b2c…"' });
 * // the local endpoint, for X-Amz-Target AWSEvents.*:
 * const { status, body } = await handleEventsRequest(events, target, requestBody);
 */
export { EVENTS_ACTIONS, type EventsAction } from './actions/index.ts';
export { DEAD_LETTER_ATTRIBUTES, DEFAULT_EVENT_BUS, REPLAY_NAME_FIELD, RETRY_BACKOFF } from './constants.ts';
export {
  EventBridgeApiError,
  IllegalStatusError,
  InternalError,
  InvalidEventPatternApiError,
  LimitExceededError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  SerializationError,
  TargetDeliveryError,
  UnknownOperationError,
  ValidationError,
  type TargetErrorCode,
} from './errors.ts';
export { formatEventTime } from './event-envelope.ts';
export { FileDeliveryStore } from './delivery-store.ts';
export type { DeliveryStore, StoredDelivery } from './target-deliveries.ts';
export {
  EventBridgeService,
  EventBridgeTopologyError,
  type PutEventsResult,
  type PutRuleInput,
  type StartReplayInput,
} from './eventbridge-service.ts';
export { EVENTS_CONTENT_TYPE, EVENTS_TARGET_PREFIX, handleEventsRequest, type EventsResponse } from './handle-events-request.ts';
export type { LocalReplay } from './local-replay.ts';
export type { S3ObjectCreatedInput, S3ObjectDeletedInput } from './s3-object-event.ts';
export type {
  EventBridgeActivity,
  EventBridgeServiceOptions,
  EventBridgeTopology,
  EventEnvelope,
  ExhaustedRetryCondition,
  MessageAttribute,
  ReplayState,
  RuleChange,
  TargetDispatcher,
  TargetRef,
} from './types.ts';
