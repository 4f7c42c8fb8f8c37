import type * as z from '../validation/zod.ts';
import { badRequest } from './bad-request.ts';
import type { HttpResponse } from './json-response.ts';
import { rawBody, type HttpRequest } from './request.ts';
import { errorMessageOf } from '../errors/describe-error.ts';

/** The outcome of {@link parseJsonBody}: the valid body, or the 400 to answer with. */
export type ParsedBody<T> = { success: true; data: T } | { success: false; response: HttpResponse };

/**
 * Reads the request body as JSON and validates it with `schema`. Any problem yields the 400 response
 * to return as is: an empty body, a body that is not JSON (the parser's reason in the message), or a
 * body that does not match (each problem with its path, e.g. `events[3].at`).
 *
 * @example
 * const parsed = parseJsonBody(event, PlaceOrderCommand);
 * if (!parsed.success) return parsed.response;
 * const command = parsed.data;
 */
export function parseJsonBody<S extends z.ZodMiniType>(event: HttpRequest, schema: S, what = 'The request body'): ParsedBody<z.infer<S>> {
  const text = rawBody(event);
  if (text.trim() === '') {
    return { success: false, response: badRequest(`${what} is empty: expected a JSON document`, [{ path: '', message: 'required' }]) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = errorMessageOf(error);
    return { success: false, response: badRequest(`${what} is not valid JSON: ${reason}`, [{ path: '', message: 'expected a JSON document' }]) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { success: false, response: badRequest(`${what} is invalid`, parsed.error) };
  return { success: true, data: parsed.data as z.infer<S> };
}
