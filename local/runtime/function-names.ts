import type { FunctionSpec } from '../topology/types.ts';

/** Construct ids that say nothing about which function it is (`Orders/PlaceOrder/Function/Resource`). */
const GENERIC_IDS = new Set(['Resource', 'Function', 'Handler', 'Lambda', 'Fn', 'Default']);

/**
 * Short names people can read for the functions, by physical name: the last meaningful part of the construct path
 * (`Eventful/Orders/PlaceOrder/Function/Resource` → `PlaceOrder`), or the construct path without the stack when two
 * functions share that part (`Orders/Handler` and `Billing/Handler`); the physical name without a path.
 */
export function shortFunctionNames(functions: readonly Pick<FunctionSpec, 'name' | 'path'>[]): Map<string, string> {
  const meaningful = new Map(
    functions.map((fn) => {
      const parts = (fn.path ?? '').split('/').filter(Boolean).slice(1);
      while (parts.length > 1 && GENERIC_IDS.has(parts.at(-1) as string)) parts.pop();
      return [fn.name, parts] as const;
    }),
  );
  const lastParts = [...meaningful.values()].map((parts) => parts.at(-1));
  const names = new Map<string, string>();
  for (const [name, parts] of meaningful) {
    const last = parts.at(-1);
    if (last === undefined) names.set(name, name);
    else names.set(name, lastParts.filter((other) => other === last).length > 1 ? parts.join('/') : last);
  }
  return names;
}
