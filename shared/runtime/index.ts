/**
 * The handler toolkit every eventful Lambda function uses.
 *
 * @example
 * import { OrderPlaced } from '../../shared/events/index.ts';
 * import { createHandler, idempotent, logger, sqsBatchHandler } from '../../shared/runtime/index.ts';
 *
 * export const handler = createHandler(
 *   sqsBatchHandler(
 *     OrderPlaced,
 *     idempotent(async (event) => {
 *       logger.info('Reserving stock', { orderId: event.detail.data.orderId });
 *       return reserveStock(event.detail.data);
 *     }),
 *   ),
 * );
 */
export {
  sqsBatchHandler,
  type ConsumerContext,
  type EventFunction,
  type SqsBatchOptions,
} from './batch-handlers.ts';
export { s3ClaimCheckResolver, type ClaimCheckResolver } from './claim-check.ts';
export {
  createDeadLetterChannel,
  DEAD_LETTER_ERROR_MESSAGE_MAX_LENGTH,
  DeadLetterAttributes,
  deadLetterAttributes,
  isPoisonMessage,
  PoisonMessageError,
  SQS_MAX_MESSAGE_ATTRIBUTES,
  type DeadLettered,
  type DeadLetterChannel,
  type DeadLetterOptions,
} from './dead-letter-channel.ts';
export { ENV, type EnvironmentVariable } from './environment.ts';
export { loadConfig, type Config, type ConfigKey, type LoadConfigOptions } from './config.ts';
export {
  CORRELATION_ID_HEADER,
  correlationIdOf,
  correlationIds,
  currentCorrelationId,
  withCorrelationId,
  type CorrelationIdOptions,
} from './correlation-id.ts';
export { createHandler, type HandlerOptions } from './create-handler.ts';
export { ClaimCheckError, ConfigError, InvalidScheduleInputError, type ConfigProblem } from './errors.ts';
export { eventBridgeHandler, type ReceivedEventBridgeEvent } from './event-handler.ts';
export {
  createEventParser,
  type Accepted,
  type Envelope,
  type EventOf,
  type EventParser,
  type EventSourceKind,
  type ParseOptions,
} from './event-parser.ts';
export { DEFAULT_IDEMPOTENCY_TTL_SECONDS, idempotent, type IdempotencyOptions } from './idempotency.ts';
export { logger, metrics, tracer } from './observability.ts';
export { parseScheduleInput, ScheduleInput } from './schedule-input.ts';
