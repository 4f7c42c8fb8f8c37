/**
 * How event-ruler's JSON parser (Jackson) prints the token it stopped at, for messages such as
 * `Invalid member in numeric match: ]`. `undefined` stands for the end of an array.
 */
export function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (value !== null && typeof value === 'object') return '{';
  return String(value);
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
