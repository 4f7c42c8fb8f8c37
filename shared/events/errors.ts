import type * as z from '../validation/zod.ts';

/** One problem found in an event or command: where it is and what is wrong with it. */
export interface ValidationProblem {
  /** Dotted path from the root of the validated value, e.g. `data.items[0].quantity`. */
  path: string;
  message: string;
}

/**
 * Thrown when an event does not match its catalog schema, before anything is sent.
 *
 * The message names every offending field, e.g.
 * `OrderPlaced is invalid: data.items[0].quantity: Too small: expected number to be >0`.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    readonly detailType: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${detailType} is invalid: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`);
  }
}

/** A definition whose version history has a gap, a duplicate or a version out of order. */
export class InvalidEventDefinitionError extends Error {
  override readonly name = 'InvalidEventDefinitionError';

  constructor(
    readonly detailType: string,
    readonly problem: string,
  ) {
    super(`Event definition ${detailType}: ${problem}`);
  }
}

/** Thrown when a detail-type is not in the catalog. */
export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';

  constructor(
    readonly detailType: string,
    known: readonly string[],
  ) {
    super(`Unknown event type "${detailType}". Known types: ${known.join(', ')}`);
  }
}

/** Renders a zod issue path the way a developer would write it: `items[0].quantity`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

/** Turns zod issues into path + message pairs, prefixing each path with `prefix` when given. */
export function toProblems(error: z.core.$ZodError, prefix = ''): ValidationProblem[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: issue.message };
  });
}
