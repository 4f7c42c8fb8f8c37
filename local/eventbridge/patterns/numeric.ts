import { OPERATOR } from './constants.ts';
import { InvalidEventPatternError } from './errors.ts';
import { tokenText } from './json-token.ts';

/**
 * A numeric condition as one interval. Bounds are IEEE-754 doubles: event-ruler compares numbers over the full
 * float64 range since its "numeric matching supports the same precision and range as Java's double" change
 * (README, "Numeric matching"), so `3.018e2` and `301.8` are the same number.
 */
export interface NumericRange {
  readonly lower: number;
  readonly lowerInclusive: boolean;
  readonly upper: number;
  readonly upperInclusive: boolean;
}

const LOWER_OPERATORS = new Set(['>', '>=']);
const UPPER_OPERATORS = new Set(['<', '<=']);

/**
 * Validates `{"numeric": [...]}`'s array and turns it into an interval: `["=", x]`, one bound
 * (`[">", x]`, `["<=", x]`, ...), or a lower then an upper bound (`[">", 0, "<=", 5]`). Messages are event-ruler's.
 */
export function parseNumeric(expression: unknown, path: string): NumericRange {
  if (!Array.isArray(expression)) {
    throw new InvalidEventPatternError(`Value of ${OPERATOR.numeric} must be an array.`, path);
  }
  const [operator, value] = expression as unknown[];
  if (typeof operator !== 'string') {
    throw new InvalidEventPatternError(`Invalid member in numeric match: ${tokenText(operator)}`, path);
  }
  if (operator === '=') {
    if (typeof value !== 'number') throw new InvalidEventPatternError('Value of equals must be numeric', path);
    if (expression.length > 2) throw new InvalidEventPatternError('Too many elements in numeric expression', path);
    const at = comparable(value, path);
    return { lower: at, lowerInclusive: true, upper: at, upperInclusive: true };
  }
  if (!LOWER_OPERATORS.has(operator) && !UPPER_OPERATORS.has(operator)) {
    throw new InvalidEventPatternError(`Unrecognized numeric range operator: ${operator}`, path);
  }
  if (typeof value !== 'number') throw new InvalidEventPatternError(`Value of ${operator} must be numeric`, path);
  if (UPPER_OPERATORS.has(operator)) {
    if (expression.length > 2) throw new InvalidEventPatternError('Too many elements in numeric expression', path);
    return { lower: -Infinity, lowerInclusive: true, upper: comparable(value, path), upperInclusive: operator === '<=' };
  }
  const lower = comparable(value, path);
  const lowerInclusive = operator === '>=';
  if (expression.length === 2) return { lower, lowerInclusive, upper: Infinity, upperInclusive: true };
  return withUpperBound(expression, lower, lowerInclusive, path);
}

function withUpperBound(expression: unknown[], lower: number, lowerInclusive: boolean, path: string): NumericRange {
  const [, , operator, value] = expression;
  if (typeof operator !== 'string') {
    throw new InvalidEventPatternError(`Bad value in numeric range: ${tokenText(operator)}`, path);
  }
  if (!UPPER_OPERATORS.has(operator)) throw new InvalidEventPatternError(`Bad numeric range operator: ${operator}`, path);
  if (typeof value !== 'number') throw new InvalidEventPatternError(`Value of ${operator} must be numeric`, path);
  if (expression.length > 4) throw new InvalidEventPatternError('Too many terms in numeric range expression', path);
  const upper = comparable(value, path);
  if (lower >= upper) throw new InvalidEventPatternError('Bottom must be less than top', path);
  return { lower, lowerInclusive, upper, upperInclusive: operator === '<=' };
}

/** JSON cannot spell NaN or infinities, but a pattern built in code can: event-ruler refuses them. */
export function comparable(value: number, path: string): number {
  if (!Number.isFinite(value)) throw new InvalidEventPatternError(`Cannot compare number : ${value}`, path);
  return value;
}

/** Whether `value` lies in `range`. Only JSON numbers are compared: "300" (a string) is never in a range. */
export function inNumericRange(range: NumericRange, value: number): boolean {
  const aboveLower = range.lowerInclusive ? value >= range.lower : value > range.lower;
  if (!aboveLower) return false;
  return range.upperInclusive ? value <= range.upper : value < range.upper;
}
