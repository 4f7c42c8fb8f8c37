/** An error as one line of the live log: `ExpiredIteratorException: Iterator expired…`. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
