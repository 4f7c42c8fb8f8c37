import type { Wildcard } from './wildcard.ts';

const STAR = Symbol('star');
type Token = string | typeof STAR;

// event-ruler matches the JSON text of a string value, quotes included; so does this measure.
const QUOTE = '"';

/**
 * event-ruler's measure of how costly wildcard patterns on one field are (MachineComplexityEvaluator): the largest
 * number of wildcard-pattern prefixes that a single input can match at once. `a*bbb` scores 4 ("abbb" is matched by
 * `a*`, `a*b`, `a*bb`, `a*bbb`), `*a*a*a*a*a*a*a*a*` scores 17. Evaluation stops once `cap` is reached.
 */
export function wildcardComplexity(wildcards: readonly Wildcard[], cap: number): number {
  const patterns = wildcards.map(tokenize);
  const offsets: number[] = [];
  let total = 0;
  for (const tokens of patterns) {
    offsets.push(total);
    total += tokens.length + 1;
  }
  const other = otherCharacter(patterns);
  const start = closure(
    patterns.map((_, index) => offsets[index] ?? 0),
    patterns,
    offsets,
  );
  const seen = new Set<string>([start.join(',')]);
  const queue: number[][] = [start];
  let worst = 0;
  while (queue.length > 0) {
    const active = queue.shift() ?? [];
    const score = active.filter((position) => isCounted(position, patterns, offsets)).length;
    worst = Math.max(worst, score);
    if (worst >= cap) return cap;
    // Only the characters some active position can consume lead to different states; every other character leads
    // where `other` does. Trying just those keeps the walk O(states × active) instead of O(states × alphabet): a
    // 4,000-character wildcard took 26 s with the whole alphabet.
    for (const char of [...nextCharacters(active, patterns, offsets), other]) {
      const next = closure(step(active, char, patterns, offsets), patterns, offsets);
      const key = next.join(',');
      if (next.length > 0 && !seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return worst;
}

/**
 * Prefixes that end inside the value count; the opening quote alone and the whole pattern (closing quote included)
 * do not, which reproduces every score in event-ruler's MachineComplexityEvaluatorTest (`*` alone scores 1).
 */
function isCounted(position: number, patterns: readonly Token[][], offsets: readonly number[]): boolean {
  const [pattern, local] = locate(position, offsets);
  return local > 1 && local < (patterns[pattern]?.length ?? 0);
}

function tokenize(wildcard: Wildcard): Token[] {
  const tokens: Token[] = [QUOTE];
  wildcard.segments.forEach((segment, index) => {
    if (index > 0) tokens.push(STAR);
    tokens.push(...segment);
  });
  tokens.push(QUOTE);
  return tokens;
}

/** One character no pattern spells, standing for every other input character. */
function otherCharacter(patterns: readonly Token[][]): string {
  const chars = new Set<string>();
  for (const tokens of patterns) for (const token of tokens) if (token !== STAR) chars.add(token);
  let other = 0xe000;
  while (chars.has(String.fromCharCode(other))) other++;
  return String.fromCharCode(other);
}

/** The characters that advance at least one of the active positions. */
function nextCharacters(active: readonly number[], patterns: readonly Token[][], offsets: readonly number[]): Set<string> {
  const chars = new Set<string>();
  for (const position of active) {
    const [pattern, local] = locate(position, offsets);
    const token = patterns[pattern]?.[local];
    if (token !== undefined && token !== STAR) chars.add(token);
  }
  return chars;
}

/** Positions are global: pattern `p`'s position `k` (tokens consumed) is `offsets[p] + k`. */
function locate(position: number, offsets: readonly number[]): [pattern: number, local: number] {
  let pattern = offsets.length - 1;
  while (pattern > 0 && (offsets[pattern] ?? 0) > position) pattern--;
  return [pattern, position - (offsets[pattern] ?? 0)];
}

function step(active: readonly number[], char: string, patterns: readonly Token[][], offsets: readonly number[]): number[] {
  const next = new Set<number>();
  for (const position of active) {
    const [pattern, local] = locate(position, offsets);
    const tokens = patterns[pattern] ?? [];
    if (local > 0 && tokens[local - 1] === STAR) next.add(position);
    if (tokens[local] === char) next.add(position + 1);
  }
  return [...next];
}

function closure(positions: readonly number[], patterns: readonly Token[][], offsets: readonly number[]): number[] {
  const result = new Set<number>(positions);
  for (const position of positions) {
    const [pattern, local] = locate(position, offsets);
    const tokens = patterns[pattern] ?? [];
    for (let k = local; tokens[k] === STAR; k++) result.add((offsets[pattern] ?? 0) + k + 1);
  }
  return [...result].sort((a, b) => a - b);
}
