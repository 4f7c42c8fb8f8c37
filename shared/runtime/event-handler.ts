import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { EventFunction } from './batch-handlers.ts';
import { createEventParser, type Accepted, type EventOf, type ParseOptions } from './event-parser.ts';
import { logger } from './observability.ts';

/** The full event a Lambda target of an EventBridge rule receives. */
export type ReceivedEventBridgeEvent = EventBridgeEvent<string, unknown>;

/**
 * A Lambda handler for a function that is the target of an EventBridge rule: it receives the full
 * event, parses it into a catalog event (claim check resolved) and runs `fn`. An invalid event or an
 * error in `fn` fails the invocation, so Lambda retries it (asynchronous invocation) and then sends it
 * to the function's on-failure destination; the reason is logged with the event's correlation id.
 *
 * @example
 * export const handler = createHandler(
 *   eventBridgeHandler([OrderPaid, OrderExpired], async (event) => {
 *     if (event.detailType === 'OrderPaid') return markPaid(event.detail.data);
 *     return markExpired(event.detail.data);
 *   }),
 * );
 */
export function eventBridgeHandler<const A extends Accepted, TResult>(
  accepted: A,
  fn: EventFunction<EventOf<A>, ReceivedEventBridgeEvent, TResult>,
  options: ParseOptions = {},
): (event: ReceivedEventBridgeEvent, context: Context) => Promise<TResult> {
  const parser = createEventParser(accepted, options);
  return async (received, lambdaContext) => {
    let event;
    try {
      event = await parser.fromEventBridge(received);
    } catch (error) {
      logger.error('Event rejected', { eventId: received?.id, error });
      throw error;
    }
    return fn(event, { received, lambdaContext });
  };
}
