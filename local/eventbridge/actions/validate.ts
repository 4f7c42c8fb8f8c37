import { SerializationError, ValidationError } from '../errors.ts';

/** The constraints of one API member, as the service model states them. */
export type MemberRule =
  | { type: 'string'; required?: boolean; min?: number; max?: number; pattern?: RegExp; enum?: readonly string[] }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  /** JSON 1.1 sends timestamps as epoch seconds; they come out as `Date`. */
  | { type: 'timestamp'; required?: boolean }
  | { type: 'list'; required?: boolean; min?: number; max?: number; member: MemberRule }
  | { type: 'map'; required?: boolean; max?: number; key?: MemberRule; value: MemberRule }
  | { type: 'structure'; required?: boolean; members: Members };

export type Members = Readonly<Record<string, MemberRule>>;

/**
 * Checks a request body against its members, as AWS's JSON services do (dynalite's `validations/`): a member of the
 * wrong JSON type is a `SerializationException`; broken constraints are one `ValidationException` listing them all,
 * e.g. `1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular
 * expression pattern: [\.\-_A-Za-z0-9]+`. Unknown members are ignored, as AWS ignores them.
 *
 * @returns the input with timestamps as `Date`.
 * @throws SerializationError, ValidationError
 */
export function validate<T>(input: unknown, members: Members): T {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new SerializationError('Start of structure or map found where not expected.');
  const problems: string[] = [];
  const value = checkStructure(input as Record<string, unknown>, members, '', problems);
  if (problems.length > 0) {
    throw new ValidationError(`${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
  return value as T;
}

function checkStructure(input: Record<string, unknown>, members: Members, prefix: string, problems: string[]): Record<string, unknown> {
  const output: Record<string, unknown> = { ...input };
  for (const [name, rule] of Object.entries(members)) {
    const path = `${prefix}${name[0]!.toLowerCase()}${name.slice(1)}`;
    const value = input[name];
    if (value === undefined || value === null) {
      if (rule.required) problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      delete output[name];
      continue;
    }
    output[name] = check(value, rule, name, path, problems);
  }
  return output;
}

function check(value: unknown, rule: MemberRule, name: string, path: string, problems: string[]): unknown {
  const fail = (constraint: string): void => {
    problems.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  };
  switch (rule.type) {
    case 'string': {
      if (typeof value !== 'string') throw wrongType(name, 'a string', value);
      if (rule.min !== undefined && value.length < rule.min) fail(`Member must have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max) fail(`Member must have length less than or equal to ${rule.max}`);
      if (rule.pattern && !anchored(rule.pattern).test(value)) fail(`Member must satisfy regular expression pattern: ${rule.pattern.source}`);
      if (rule.enum && !rule.enum.includes(value)) fail(`Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
      return value;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, 'an integer', value);
      if (rule.min !== undefined && value < rule.min) fail(`Member must have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) fail(`Member must have value less than or equal to ${rule.max}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType(name, 'a boolean', value);
      return value;
    case 'timestamp':
      if (typeof value !== 'number') throw wrongType(name, 'a timestamp (epoch seconds)', value);
      return new Date(value * 1000);
    case 'list': {
      if (!Array.isArray(value)) throw wrongType(name, 'a list', value);
      if (rule.min !== undefined && value.length < rule.min) fail(`Member must have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max) fail(`Member must have length less than or equal to ${rule.max}`);
      return value.map((item, index) => {
        if (item === null || item === undefined) return item;
        return check(item, rule.member, name, `${path}.${index + 1}.member`, problems);
      });
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(name, 'a map', value);
      const entries = Object.entries(value as Record<string, unknown>);
      if (rule.max !== undefined && entries.length > rule.max) fail(`Member must have length less than or equal to ${rule.max}`);
      return Object.fromEntries(
        entries.map(([key, item]) => {
          if (rule.key) check(key, rule.key, name, `${path}.key`, problems);
          return [key, check(item, rule.value, name, `${path}.${key}.member`, problems)];
        }),
      );
    }
    case 'structure':
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(name, 'a structure', value);
      return checkStructure(value as Record<string, unknown>, rule.members, `${path}.`, problems);
  }
}

const anchoredPatterns = new WeakMap<RegExp, RegExp>();

/** The member pattern matched against the whole value, compiled once per pattern. */
function anchored(pattern: RegExp): RegExp {
  let whole = anchoredPatterns.get(pattern);
  if (!whole) {
    whole = new RegExp(`^(?:${pattern.source})$`);
    anchoredPatterns.set(pattern, whole);
  }
  return whole;
}

function wrongType(name: string, expected: string, value: unknown): SerializationError {
  const actual = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
  return new SerializationError(`Member ${name} must be ${expected}, got ${actual}.`);
}

/** How AWS's Java services print a value in validation messages. */
function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `'[${value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')}]'`;
  if (value !== null && typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return String(value);
}
