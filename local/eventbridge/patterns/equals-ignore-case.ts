/** Where a case-insensitive text must appear in the value. */
export type Anchor = 'whole' | 'prefix' | 'suffix';

/**
 * Compiles a case-insensitive comparison the way event-ruler does (EqualsIgnoreCaseParser): each character of the
 * pattern matches its lower-case or its upper-case form (Java `Locale.ROOT`), nothing else. So `ß` matches `ß` and
 * `SS`, and the Kelvin sign does not match `k` even though it lower-cases to it: a plain `toLowerCase()` comparison
 * would disagree with AWS on such characters.
 */
export function ignoreCaseRegExp(text: string, anchor: Anchor): RegExp {
  let body = '';
  // UTF-16 code units, as Java's `toCharArray()`: letters outside the BMP are compared exactly, as in event-ruler.
  for (const char of text.split('')) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    body += lower === upper ? escape(char) : `(?:${escape(lower)}|${escape(upper)})`;
  }
  return new RegExp(`${anchor === 'suffix' ? '' : '^'}${body}${anchor === 'prefix' ? '' : '$'}`);
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
