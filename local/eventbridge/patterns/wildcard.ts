import { InvalidEventPatternError } from './errors.ts';

/**
 * A wildcard pattern split at its unescaped `*`: `a*b\*c*` is `["a", "b*c", ""]`.
 * `*` matches any run of characters, including none.
 */
export interface Wildcard {
  readonly segments: readonly string[];
}

const STAR = '*';
const BACKSLASH = '\\';
const encoder = new TextEncoder();

/**
 * Validates a `wildcard` value as event-ruler's WildcardParser does and splits it at its wildcards.
 * `\*` is a literal asterisk and `\\` a literal backslash; any other escape, and `**`, are refused.
 * Positions in messages count UTF-8 bytes of the value with its opening quote, as AWS reports them
 * (`arn:aws:events:us-east-1:**:event-bus/*` fails "at pos 26").
 */
export function parseWildcard(text: string, path: string): Wildcard {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === STAR) {
      if (text[i + 1] === STAR) {
        throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${bytePosition(text, i)}`, path);
      }
      segments.push(current);
      current = '';
    } else if (char === BACKSLASH) {
      const next = text[i + 1];
      if (next !== STAR && next !== BACKSLASH) {
        throw new InvalidEventPatternError(`Invalid escape character at pos ${bytePosition(text, i)}`, path);
      }
      current += next;
      i++;
    } else {
      current += char;
    }
  }
  segments.push(current);
  return { segments };
}

function bytePosition(text: string, index: number): number {
  return encoder.encode(text.slice(0, index)).length + 1;
}

/**
 * Whether `value` matches. Segments between wildcards are found leftmost-first, which is exact for patterns whose
 * only wildcard is `*`, and takes O(length × segments): no backtracking blow-up on hostile values.
 */
export function matchesWildcard(wildcard: Wildcard, value: string): boolean {
  const { segments } = wildcard;
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  if (!value.startsWith(first)) return false;
  const end = value.length - last.length;
  if (end < first.length || !value.endsWith(last)) return false;
  let position = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] ?? '';
    const found = value.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}
