import { parseAnythingBut } from './anything-but.ts';
import { parseCidr, singleAddressRange } from './cidr.ts';
import { MAX_WILDCARD_COMPLEXITY, OPERATOR, OR_KEY, RESERVED_FIELD_NAMES_IN_OR } from './constants.ts';
import { InvalidEventPatternError } from './errors.ts';
import { isJsonObject } from './json-token.ts';
import { parseNumeric } from './numeric.ts';
import type { Branch, MatcherSpec, ParsedPattern } from './types.ts';
import { parseWildcard, type Wildcard } from './wildcard.ts';
import { wildcardComplexity } from './wildcard-complexity.ts';

type MutableBranch = Map<string, readonly MatcherSpec[]>;

const ONLY_ONE_KEY = 'Only one key allowed in match expression';
const TOO_MANY = 'Too many elements in numeric expression';

/**
 * Validates an event pattern (a JSON string or an already parsed value) and expands it into branches, one per
 * combination of `$or` alternatives, each mapping dotted field paths to matchers.
 *
 * The walk follows event-ruler's JsonRuleCompiler (the matcher EventBridge runs) step by step, so the first problem
 * found and its wording are AWS's. A duplicate key in JSON text keeps its last value, as EventBridge does.
 *
 * @throws InvalidEventPatternError naming the reason and where in the pattern it is.
 */
export function parsePattern(input: unknown): ParsedPattern {
  const pattern = typeof input === 'string' ? parseJson(input) : input;
  if (!isJsonObject(pattern)) throw new InvalidEventPatternError('Filter is not an object');
  const branches: MutableBranch[] = [];
  parseObject(branches, pattern, [], '', false);
  checkWildcardComplexity(branches);
  return { branches };
}

/**
 * Throws InvalidEventPatternError when EventBridge would refuse `pattern`; returns quietly otherwise.
 *
 * @example
 * validatePattern({ detail: { total: [{ numeric: ['>', 100, '<', 10] }] } });
 * // throws: Event pattern is not valid. Reason: Bottom must be less than top
 */
export function validatePattern(pattern: unknown): void {
  parsePattern(pattern);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidEventPatternError(error instanceof Error ? error.message : String(error));
  }
}

function join(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}

function parseObject(branches: MutableBranch[], object: Record<string, unknown>, fieldPath: readonly string[], where: string, insideOr: boolean): void {
  const keys = Object.keys(object);
  if (keys.length === 0) throw new InvalidEventPatternError('Empty objects are not allowed', where);
  for (const key of keys) {
    const value = object[key];
    const at = join(where, key);
    if (key === OR_KEY) {
      parseOr(branches, value, fieldPath, at);
      continue;
    }
    if (insideOr && RESERVED_FIELD_NAMES_IN_OR.has(key)) {
      throw new InvalidEventPatternError(`${key} is Ruler reserved fieldName which cannot be used inside ${OR_KEY}.`, at);
    }
    if (isJsonObject(value)) parseObject(branches, value, [...fieldPath, key], at, insideOr);
    else if (Array.isArray(value)) writeField(branches, [...fieldPath, key].join('.'), value, at);
    else throw new InvalidEventPatternError(`"${key}" must be an object or an array`, at);
  }
}

/** `$or: [a, b, ...]`: every branch built so far is copied once per alternative, then extended by it. */
function parseOr(branches: MutableBranch[], value: unknown, fieldPath: readonly string[], where: string): void {
  if (!Array.isArray(value)) throw new InvalidEventPatternError(`It must be an Array followed with ${OR_KEY}.`, where);
  const before = branches.map((branch) => new Map(branch));
  branches.length = 0;
  value.forEach((alternative: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isJsonObject(alternative)) {
      throw new InvalidEventPatternError(`Only JSON object is allowed in array of ${OR_KEY} relationship.`, at);
    }
    const extended = before.length > 0 ? before.map((branch) => new Map(branch)) : [new Map()];
    parseObject(extended, alternative, fieldPath, at, true);
    branches.push(...extended);
  });
  if (value.length < 2) {
    throw new InvalidEventPatternError(`There must have at least 2 Objects in ${OR_KEY} relationship.`, where);
  }
}

function writeField(branches: MutableBranch[], path: string, values: readonly unknown[], where: string): void {
  const matchers = values.map((value, index) => parseMatcher(value, `${where}[${index}]`));
  if (matchers.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed', where);
  if (branches.length === 0) branches.push(new Map());
  for (const branch of branches) branch.set(path, matchers);
}

function parseMatcher(value: unknown, where: string): MatcherSpec {
  if (isJsonObject(value)) return parseExpression(value, where);
  if (typeof value === 'string') {
    // event-ruler turns a value that is an IP literal into an address comparison: "::1" also matches "0:0:0:0:0:0:0:1".
    const range = singleAddressRange(value);
    return range ? { kind: 'ip', range } : { kind: 'exact', value };
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return { kind: 'exact', value };
  throw new InvalidEventPatternError('Match value must be String, number, true, false, or null', where);
}

function parseExpression(expression: Record<string, unknown>, where: string): MatcherSpec {
  const [name, ...others] = Object.keys(expression);
  if (name === undefined) throw new InvalidEventPatternError('Match expression name not found', where);
  const value = expression[name];
  const at = join(where, name);
  const single = <T>(spec: T, message = ONLY_ONE_KEY): T => {
    if (others.length > 0) throw new InvalidEventPatternError(message, where);
    return spec;
  };
  switch (name) {
    case OPERATOR.exactly:
      return single({ kind: 'exact', value: requireString(value, 'exact match pattern must be a string', at) });
    case OPERATOR.prefix:
    case OPERATOR.suffix:
      return single(parseAffix(name, value, at));
    case OPERATOR.equalsIgnoreCase:
      return single({
        kind: 'equals-ignore-case',
        value: requireString(value, 'equals-ignore-case match pattern must be a string', at),
      });
    case OPERATOR.wildcard: {
      const text = requireString(value, 'wildcard match pattern must be a string', at);
      parseWildcard(text, at);
      return single({ kind: 'wildcard', value: text });
    }
    case OPERATOR.numeric:
      return single({ kind: 'numeric', range: parseNumeric(value, at) }, TOO_MANY);
    case OPERATOR.anythingBut:
      return single(parseAnythingBut(value, at), TOO_MANY);
    case OPERATOR.exists:
      if (typeof value !== 'boolean') {
        throw new InvalidEventPatternError('exists match pattern must be either true or false.', at);
      }
      return single({ kind: 'exists', value });
    case OPERATOR.cidr:
      // "prefix" is event-ruler's (and AWS's) wording for a cidr that is not a string.
      return single({ kind: 'cidr', range: parseCidr(requireString(value, 'prefix match pattern must be a string', at), at) });
    default:
      throw new InvalidEventPatternError(`Unrecognized match type ${name}`, where);
  }
}

/** `prefix` / `suffix`: a string, or `{ "equals-ignore-case": string }`. */
function parseAffix(name: 'prefix' | 'suffix', value: unknown, where: string): MatcherSpec {
  const label = name === 'prefix' ? 'Prefix' : 'Suffix';
  if (!isJsonObject(value)) {
    return { kind: name, value: requireString(value, `${name} match pattern must be a string`, where), ignoreCase: false };
  }
  const [operator, ...others] = Object.keys(value);
  if (operator === undefined) throw new InvalidEventPatternError(`${label} expression name not found`, where);
  if (operator !== OPERATOR.equalsIgnoreCase) {
    throw new InvalidEventPatternError(`Unsupported ${name} pattern: ${operator}`, where);
  }
  const at = join(where, operator);
  const text = requireString(value[operator], 'equals-ignore-case match pattern must be a string', at);
  if (others.length > 0) throw new InvalidEventPatternError(ONLY_ONE_KEY, where);
  return { kind: name, value: text, ignoreCase: true };
}

function requireString(value: unknown, message: string, where: string): string {
  if (typeof value !== 'string') throw new InvalidEventPatternError(message, where);
  return value;
}

/** EventBridge refuses wildcard patterns that would make matching slow; see MAX_WILDCARD_COMPLEXITY. */
function checkWildcardComplexity(branches: readonly Branch[]): void {
  const byField = new Map<string, Map<string, Wildcard>>();
  for (const branch of branches) {
    for (const [path, matchers] of branch) {
      for (const [key, text] of wildcardTexts(matchers)) {
        const wildcards = byField.get(path) ?? new Map<string, Wildcard>();
        wildcards.set(key, parseWildcard(text, path));
        byField.set(path, wildcards);
      }
    }
  }
  for (const wildcards of byField.values()) {
    if (wildcardComplexity([...wildcards.values()], MAX_WILDCARD_COMPLEXITY + 1) > MAX_WILDCARD_COMPLEXITY) {
      throw new InvalidEventPatternError(
        'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
      );
    }
  }
}

function* wildcardTexts(matchers: readonly MatcherSpec[]): Generator<[key: string, text: string]> {
  for (const matcher of matchers) {
    if (matcher.kind === 'wildcard') yield [`wildcard:${matcher.value}`, matcher.value];
    if (matcher.kind === 'anything-but' && matcher.form === 'wildcard') {
      for (const text of matcher.values) yield [`anything-but:${text}`, text];
    }
  }
}
