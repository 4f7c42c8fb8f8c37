import type { FunctionSpec } from '../topology/types.ts';

/** No function, or more than one, answers to the name given. */
export class FunctionNotFoundError extends Error {
  override readonly name = 'FunctionNotFoundError';
  constructor(
    readonly query: string,
    readonly candidates: readonly string[],
    ambiguous = false,
  ) {
    super(
      ambiguous
        ? `"${query}" names more than one function: ${candidates.join(', ')}; give more of the construct path`
        : `no function "${query}" in this app; its functions: ${candidates.join(', ') || 'none'}`,
    );
  }
}

/** Leaves under the construct a person named: L1 resources (`Resource`) and the L2 function inside a wrapper. */
const GENERIC_LEAVES = new Set(['Resource', 'Default', 'Function']);

/**
 * The construct path people read (`Orders/ReserveInventory`): the `aws:cdk:path` without the stack and the
 * generic leaves under the construct they named (`…/ReserveInventory/Function/Resource`).
 */
export function shortPath(fn: FunctionSpec): string {
  const segments = (fn.path ?? fn.logicalId).split('/');
  while (segments.length > 2 && GENERIC_LEAVES.has(segments.at(-1) as string)) segments.pop();
  if (segments.length > 1) segments.shift();
  return segments.join('/');
}

/** `reserve-inventory`, `ReserveInventory` and `reserveInventory` are the same name. */
const loose = (name: string) => name.toLowerCase().replace(/[^a-z0-9/]/g, '');

/**
 * The names a function answers to: its physical name, ARN, construct path (whole, or without the stack and the
 * generic leaves), and any run of segments of that short path (`ReserveInventory`, `Orders/ReserveInventory`).
 */
function namesOf(fn: FunctionSpec): string[] {
  const segments = shortPath(fn).split('/');
  const runs = segments.flatMap((_, start) => segments.slice(start).map((__, length) => segments.slice(start, start + length + 1).join('/')));
  const withStack = fn.path ? [fn.path, `${fn.path.split('/')[0]}/${shortPath(fn)}`] : [];
  return [fn.name, fn.arn, ...withStack, ...runs];
}

/**
 * The function `query` names: by physical name or ARN, by construct path (`Eventful/Orders/ReserveInventory/Function/Resource`,
 * `Orders/ReserveInventory`) or some of its segments (`ReserveInventory`), exactly, else ignoring case and
 * separators (`reserve-inventory`).
 *
 * @throws FunctionNotFoundError naming the app's functions, or the several the query matches.
 */
export function findFunction(functions: readonly FunctionSpec[], query: string): FunctionSpec {
  for (const same of [(a: string, b: string) => a === b, (a: string, b: string) => loose(a) === loose(b)]) {
    const matches = functions.filter((fn) => namesOf(fn).some((name) => same(name, query)));
    if (matches.length === 1) return matches[0] as FunctionSpec;
    if (matches.length > 1) throw new FunctionNotFoundError(query, matches.map(shortPath), true);
  }
  throw new FunctionNotFoundError(query, functions.map(shortPath).sort());
}
