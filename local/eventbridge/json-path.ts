/**
 * The JSONPath subset EventBridge evaluates for `InputPath`, `InputPathsMap` and `PartitionKeyPath`: `$`, dot
 * notation with names of letters, digits, dashes, underscores and forward slashes, array indices `[0]`, and
 * wildcards (`.*`, `[*]`).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */

type Step = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

/** What a path found: nothing, or a value (for a path with a wildcard, the array of every match). */
export type PathResult = { found: false } | { found: true; value: unknown };

export type JsonPath = (document: unknown) => PathResult;

/** A path EventBridge would not evaluate. */
export class JsonPathSyntaxError extends Error {
  override readonly name = 'JsonPathSyntaxError';

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Invalid JSON path ${JSON.stringify(path)}: ${reason}`);
  }
}

// Names may also hold characters AWS's list leaves out but real events use in keys (`:`, `@`, `$`, `+`).
const NAME = /^[^.[\]*\s'"]+/;
const INDEX = /^\[(\d+)\]/;

/**
 * Compiles a path once; the result reads any document.
 *
 * @example
 * const orderId = compileJsonPath('$.detail.data.orderId');
 * orderId(event); // { found: true, value: 'o-1' }
 * compileJsonPath('$.detail.items[*].sku')(event); // { found: true, value: ['A', 'B'] }
 */
export function compileJsonPath(path: string): JsonPath {
  const steps = parse(path);
  const multiple = steps.some((step) => step.kind === 'wildcard');
  return (document) => {
    let current: unknown[] = [document];
    for (const step of steps) current = current.flatMap((value) => apply(step, value));
    if (multiple) return current.length === 0 ? { found: false } : { found: true, value: current };
    return current.length === 0 ? { found: false } : { found: true, value: current[0] };
  };
}

function parse(path: string): Step[] {
  if (!path.startsWith('$')) throw new JsonPathSyntaxError(path, 'must start with $');
  const steps: Step[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith('.*')) {
      steps.push({ kind: 'wildcard' });
      rest = rest.slice(2);
    } else if (rest.startsWith('[*]')) {
      steps.push({ kind: 'wildcard' });
      rest = rest.slice(3);
    } else if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1))?.[0];
      if (!name) throw new JsonPathSyntaxError(path, `expected a field name at ${JSON.stringify(rest)}`);
      steps.push({ kind: 'field', name });
      rest = rest.slice(1 + name.length);
    } else {
      const index = INDEX.exec(rest);
      if (!index) throw new JsonPathSyntaxError(path, `unsupported syntax at ${JSON.stringify(rest)} (dot notation and [n] only)`);
      steps.push({ kind: 'index', index: Number(index[1]) });
      rest = rest.slice(index[0].length);
    }
  }
  return steps;
}

function apply(step: Step, value: unknown): unknown[] {
  if (step.kind === 'field') {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step.name)) return [];
    return [(value as Record<string, unknown>)[step.name]];
  }
  if (step.kind === 'index') return Array.isArray(value) && step.index < value.length ? [value[step.index]] : [];
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}
