import type * as z from '../validation/zod.ts';
import { toProblems, type ValidationProblem } from '../events/index.ts';
import { json, type HttpResponse } from './json-response.ts';

/** The body of every 400 answer (`ValidationFailure` in docs/openapi.yaml): what is wrong, and where. */
export interface BadRequestBody {
  message: string;
  /** One entry per problem; `path` is dotted from the body's root (`items[0].quantity`), `''` for the body itself. */
  errors: ValidationProblem[];
}

/**
 * A `400 {"message", "errors": [{"path", "message"}]}` response. `problems` may be a zod error (its
 * issue paths rendered as `items[0].quantity`, like `InvalidEventError`'s) or ready-made problems.
 *
 * @example
 * const parsed = PlaceOrderCommand.safeParse(body);
 * if (!parsed.success) return badRequest('The order is invalid', parsed.error);
 */
export function badRequest(message: string, problems: z.core.$ZodError | readonly ValidationProblem[] = []): HttpResponse {
  const errors = Array.isArray(problems) ? [...problems] : toProblems(problems as z.core.$ZodError);
  return json(400, { message, errors } satisfies BadRequestBody);
}
