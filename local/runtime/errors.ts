import type { Unsupported } from '../topology/types.ts';

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
