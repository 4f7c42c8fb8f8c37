/*
 * What was thrown may be anything (`throw 'text'`, a rejected promise with a plain object): these
 * turn it into text for logs, reports and error messages, the same way everywhere.
 */

/** The message of an Error, or the thrown value as text. */
export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `Name: message` of an Error (the name says which failure, e.g. `ProvisionedThroughputExceededException`), or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
