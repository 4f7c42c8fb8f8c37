import { OPERATOR } from './constants.ts';
import { compileIgnoreCase } from './equals-ignore-case.ts';
import { InvalidEventPatternError } from './errors.ts';
import { isJsonObject } from './json-token.ts';
import { comparable } from './numeric.ts';
import type { AnythingButSpec, LeafValue } from './types.ts';
import { compileWildcard, parseWildcard } from './wildcard.ts';

type SetForm = 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';
const SET_FORMS: ReadonlySet<string> = new Set<SetForm>([OPERATOR.prefix, OPERATOR.suffix, OPERATOR.equalsIgnoreCase, OPERATOR.wildcard]);

// event-ruler reports a second key inside `anything-but` with its numeric wording; AWS returns the same text.
const TOO_MANY = 'Too many elements in numeric expression';

/**
 * Validates the value of `anything-but`: a string, a number, a list of only strings or only numbers, or an object
 * `{ prefix | suffix | equals-ignore-case | wildcard: string | string[] }`. Checks and messages follow
 * event-ruler's JsonRuleCompiler, in the same order, so the first problem reported is the one AWS reports.
 */
export function parseAnythingBut(value: unknown, path: string): AnythingButSpec {
  if (!isJsonObject(value)) return parsePlain(value, path);
  const [form, ...others] = Object.keys(value);
  if (form === undefined) throw new InvalidEventPatternError('Anything-But expression name not found', path);
  if (!SET_FORMS.has(form)) throw new InvalidEventPatternError(`Unsupported anything-but pattern: ${form}`, path);
  const spec = parseSet(form as SetForm, value[form], `${path}.${form}`);
  if (others.length > 0) throw new InvalidEventPatternError(TOO_MANY, path);
  return spec;
}

function checkShape(value: unknown, path: string): void {
  if (!Array.isArray(value) && typeof value !== 'string' && typeof value !== 'number') {
    throw new InvalidEventPatternError(`Value of ${OPERATOR.anythingBut} must be an array or single string/number value.`, path);
  }
}

function parsePlain(value: unknown, path: string): AnythingButSpec {
  checkShape(value, path);
  if (typeof value === 'string') return { kind: 'anything-but', form: 'strings', values: [value] };
  if (typeof value === 'number') return { kind: 'anything-but', form: 'numbers', values: [comparable(value, path)] };
  const list = value as unknown[];
  for (const [index, item] of list.entries()) {
    if (typeof item === 'number') comparable(item, `${path}[${index}]`);
    else if (typeof item !== 'string') {
      throw new InvalidEventPatternError('Inside anything but list, start|null|boolean is not supported.', `${path}[${index}]`);
    }
  }
  if (list.length > 0 && list.every((item) => typeof item === 'string')) {
    return { kind: 'anything-but', form: 'strings', values: list as string[] };
  }
  if (list.length > 0 && list.every((item) => typeof item === 'number')) {
    return { kind: 'anything-but', form: 'numbers', values: list as number[] };
  }
  throw new InvalidEventPatternError('Inside anything but list, either all values are number or string, mixed type is not supported', path);
}

function parseSet(form: SetForm, value: unknown, path: string): AnythingButSpec {
  checkShape(value, path);
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const values = items.map((item, index) => setMember(form, item, Array.isArray(value) ? `${path}[${index}]` : path));
  // An empty list is accepted by event-ruler and excludes nothing.
  if (form === 'wildcard')
    values.forEach((text) => {
      parseWildcard(text, path);
    });
  return { kind: 'anything-but', form, values };
}

function setMember(form: SetForm, item: unknown, path: string): string {
  if (typeof item !== 'string') {
    const message =
      form === 'equals-ignore-case'
        ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
        : form === 'wildcard'
          ? 'wildcard match pattern must be a string'
          : 'prefix/suffix match pattern must be a string';
    throw new InvalidEventPatternError(message, path);
  }
  if ((form === 'prefix' || form === 'suffix') && item === '') {
    throw new InvalidEventPatternError('Null prefix/suffix not allowed', path);
  }
  return item;
}

/**
 * Compiles `anything-but` to a test of one leaf value. Only a value of the excluded kind can be excluded: a number,
 * `true` or `null` passes `{"anything-but": "x"}` and `{"anything-but": {"prefix": "x"}}`, and the string "100" passes
 * `{"anything-but": [100]}` (event-ruler compares strings with strings and numbers with numbers; AWS agrees for null).
 * A missing field never matches: there is no value to compare.
 */
export function compileAnythingBut(spec: AnythingButSpec): (value: LeafValue) => boolean {
  switch (spec.form) {
    case 'strings': {
      const excluded = new Set(spec.values);
      return (value) => typeof value !== 'string' || !excluded.has(value);
    }
    case 'numbers': {
      const excluded = new Set(spec.values);
      return (value) => typeof value !== 'number' || !excluded.has(value);
    }
    case 'prefix':
      return (value) => typeof value !== 'string' || !spec.values.some((prefix) => value.startsWith(prefix));
    case 'suffix':
      return (value) => typeof value !== 'string' || !spec.values.some((suffix) => value.endsWith(suffix));
    case 'equals-ignore-case': {
      const excluded = spec.values.map((text) => compileIgnoreCase(text, 'whole'));
      return (value) => typeof value !== 'string' || !excluded.some((matches) => matches(value));
    }
    case 'wildcard': {
      const excluded = spec.values.map((text) => compileWildcard(parseWildcard(text, '')));
      return (value) => typeof value !== 'string' || !excluded.some((matches) => matches(value));
    }
  }
}
