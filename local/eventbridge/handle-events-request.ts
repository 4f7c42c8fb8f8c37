import { EVENTS_ACTIONS } from './actions/index.ts';
import { EventBridgeApiError, InternalError, SerializationError, UnknownOperationError } from './errors.ts';
import type { EventBridgeService } from './eventbridge-service.ts';

/** The `X-Amz-Target` prefix of EventBridge requests (`AWSEvents.PutEvents`). */
export const EVENTS_TARGET_PREFIX = 'AWSEvents.';

/** The content type of AWS JSON 1.1 requests and responses. */
export const EVENTS_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface EventsResponse {
  status: number;
  /** JSON text: the action's output, or `{ "__type": "<code>", "message": "<message>" }`. */
  body: string;
}

/**
 * Serves one EventBridge API request (AWS JSON 1.1), for the local endpoint to mount on requests whose
 * `X-Amz-Target` starts with `AWSEvents.`. Responses use AWS's member casing and epoch-second timestamps; errors
 * are `{ __type, message }` with status 400 (500 for our own failures).
 *
 * @example
 * const { status, body } = await handleEventsRequest(service, req.headers['x-amz-target'], rawBody);
 * res.writeHead(status, { 'content-type': EVENTS_CONTENT_TYPE }).end(body);
 */
export async function handleEventsRequest(service: EventBridgeService, target: string, body: string): Promise<EventsResponse> {
  try {
    const action = target.startsWith(EVENTS_TARGET_PREFIX) ? EVENTS_ACTIONS.get(target.slice(EVENTS_TARGET_PREFIX.length)) : undefined;
    if (!action) throw new UnknownOperationError(target);
    const output = await action.handle(service, parseBody(body));
    return { status: 200, body: serialize(output ?? {}) };
  } catch (error) {
    const apiError = error instanceof EventBridgeApiError ? error : new InternalError(error instanceof Error ? error.message : String(error));
    return { status: apiError.statusCode, body: JSON.stringify({ __type: apiError.code, message: apiError.message }) };
  }
}

function parseBody(body: string): unknown {
  // The SDKs send `{}` for an action without input; an empty body is taken the same way.
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new SerializationError('Unexpected character in request body: it is not valid JSON.');
  }
}

/** JSON with `Date` members as epoch seconds, the JSON 1.1 timestamp format. */
function serialize(output: unknown): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `value` has already been through Date#toJSON; the holder still has the Date.
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}
