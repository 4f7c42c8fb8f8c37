/** Where a case-insensitive text must appear in the value. */
export type Anchor = 'whole' | 'prefix' | 'suffix';

/** What one code unit of the pattern may match in the value: itself, its lower-case or its upper-case form. */
type Alternatives = readonly string[];

/**
 * Compiles a case-insensitive comparison the way event-ruler does (EqualsIgnoreCaseParser): each character of the
 * pattern matches its lower-case or its upper-case form (Java `Locale.ROOT`), nothing else. So `ß` matches `ß` and
 * `SS`, and the Kelvin sign does not match `k` even though it lower-cases to it: a plain `toLowerCase()` comparison
 * would disagree with AWS on such characters.
 *
 * No regular expression is built from the pattern: an unanchored one (a suffix) is tried at every position of the
 * value, O(value × pattern), and a 4,000-character suffix against a 256 KB value took a minute. Here the pattern is
 * walked once from the anchored end (the start for whole and prefix, the end for suffix), keeping the offsets the
 * value can be at; the work is O(pattern × alternatives), whatever the value's length.
 */
export function compileIgnoreCase(text: string, anchor: Anchor): (value: string) => boolean {
  // UTF-16 code units, as Java's `toCharArray()`: letters outside the BMP are compared exactly, as in event-ruler.
  const units: Alternatives[] = text.split('').map((char) => [...new Set([char.toLowerCase(), char.toUpperCase()])]);
  if (anchor === 'suffix') {
    const reversed = units.toReversed();
    return (value) => walk(reversed, value, value.length, -1).size > 0;
  }
  return (value) => {
    const ends = walk(units, value, 0, 1);
    return anchor === 'prefix' ? ends.size > 0 : ends.has(value.length);
  };
}

/**
 * The offsets of `value` reachable by matching `units` in order from `start`: forwards (`direction` 1, each
 * alternative read at the offset) or backwards (-1, each alternative read ending at the offset). A set, because an
 * alternative can be longer than one unit (`ß` upper-cases to `SS`), so one pattern prefix can end at two offsets.
 */
function walk(units: readonly Alternatives[], value: string, start: number, direction: 1 | -1): Set<number> {
  let offsets = new Set([start]);
  for (const alternatives of units) {
    const next = new Set<number>();
    for (const offset of offsets) {
      for (const alternative of alternatives) {
        const from = direction === 1 ? offset : offset - alternative.length;
        if (from >= 0 && value.startsWith(alternative, from)) next.add(direction === 1 ? offset + alternative.length : from);
      }
    }
    if (next.size === 0) return next;
    offsets = next;
  }
  return offsets;
}
