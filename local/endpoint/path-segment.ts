/** A percent-encoded path segment, decoded; `undefined` when its escapes are malformed (`%E0%A4%A`). */
export function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
