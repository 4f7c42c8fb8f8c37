import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * fauxqs's `SqsQueue` class, whose prototype our fixes patch, when this fauxqs version has every method named:
 * `undefined` otherwise (the fix is then left out, and fauxqs behaves as it does). The module is reached by file path
 * because the package exports only its entry point.
 */
export async function loadFauxqsSqsQueue<T extends object>(methods: readonly (keyof T & string)[]): Promise<{ prototype: T } | undefined> {
  const candidates = createRequire(import.meta.url).resolve.paths('fauxqs') ?? [];
  const file = candidates.map((dir) => join(dir, 'fauxqs', 'dist', 'sqs', 'sqsStore.js')).find((path) => existsSync(path));
  if (!file) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { SqsQueue?: { prototype: Record<string, unknown> } };
  const prototype = module.SqsQueue?.prototype;
  return prototype && methods.every((method) => typeof prototype[method] === 'function') ? (module.SqsQueue as unknown as { prototype: T }) : undefined;
}
