import type { Unsupported } from '../topology/types.ts';
import { shortFunctionNames } from './function-names.ts';

/** The template uses something the runtime would run differently from AWS: refusing beats a silent difference. */
export class UnsupportedTemplateError extends Error {
  override readonly name = 'UnsupportedTemplateError';
  readonly items: readonly Unsupported[];
  constructor(items: readonly Unsupported[]) {
    super(`the template uses what the local runtime cannot run:\n${items.map((u) => `  - ${describeUnsupported(u)}`).join('\n')}`);
    this.items = items;
  }
}

export function describeUnsupported(item: Unsupported): string {
  return `${item.path ?? `${item.stackName}/${item.logicalId}`} (${item.type}): ${item.reason}`;
}

/**
 * The warnings, one line each, except that one difference found on several resources of a type is said once:
 * `warning: LoggingConfig partly emulated on 15 functions: PlaceOrder, …: the JSON log format … (AWS::Lambda::Function)`.
 */
export function summarizeWarnings(items: readonly Unsupported[]): string[] {
  const groups = new Map<string, Unsupported[]>();
  for (const item of items) {
    const key = `${item.type}\u0000${item.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Unsupported;
    if (group.length === 1) return `warning: ${describeUnsupported(first)}`;
    const names = shortFunctionNames(group.map((item) => ({ name: `${item.stackName}/${item.logicalId}`, ...(item.path ? { path: item.path } : {}) })));
    const split = first.reason.indexOf(': ');
    const what = (split < 0 ? first.reason : first.reason.slice(0, split)).replace(/^property /, '').replace(/ is /, ' ');
    const why = split < 0 ? '' : `: ${first.reason.slice(split + 2)}`;
    const noun = `${(first.type.split('::').at(-1) ?? 'resource').replace(/^[A-Z]/, (c) => c.toLowerCase())}s`;
    return `warning: ${what} on ${group.length} ${noun}: ${[...names.values()].join(', ')}${why} (${first.type})`;
  });
}
