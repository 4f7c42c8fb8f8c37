import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeError } from './format-error.ts';
import { moduleFormatInTaskRoot } from './module-format.ts';

/** A handler as the runtime calls it; its arity tells callback-style handlers apart. */
export type UserHandler = (event: unknown, context: unknown, callback?: unknown) => unknown;

export interface LoadedHandler {
  handler: UserHandler;
  /** `handler.length`: 3 or more means a callback-style handler. */
  argsNum: number;
}

/**
 * The runtime tries the module name as given, then with these extensions, in this order.
 * https://github.com/aws/aws-lambda-nodejs-runtime-interface-client (src/function/module-loader.ts)
 */
const EXTENSION_LOOKUP_ORDER = ['', '.js', '.mjs', '.cjs'] as const;

const HANDLER_EXPRESSION = /^([^.]*)\.(.*)$/;

/**
 * Loads `_HANDLER` (`index.handler`, `src/app.main`, `index.nested.fn`) from the task root the way Lambda's
 * Node.js runtime does, failing with the runtime's own error types: `Runtime.MalformedHandlerName`,
 * `Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError`, `Runtime.HandlerNotFound`.
 */
export async function loadHandler(taskRoot: string, handlerString: string): Promise<LoadedHandler> {
  if (handlerString.includes('..')) {
    throw runtimeError(
      'Runtime.MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerFile = basename(handlerString);
  const moduleRoot = handlerString.substring(0, handlerString.indexOf(handlerFile)).replace(/\/$/, '');
  const match = HANDLER_EXPRESSION.exec(handlerFile);
  if (!match) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName = '', handlerName = ''] = match;

  const module = await loadModule(taskRoot, resolve(taskRoot, moduleRoot, moduleName), moduleName);
  const handler = findIn(handlerName, module) ?? findIn(handlerName, (module as { default?: unknown } | null)?.default);
  if (handler === undefined || handler === null) {
    throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return { handler: handler as UserHandler, argsNum: handler.length };
}

async function loadModule(taskRoot: string, pathWithoutExtension: string, moduleName: string): Promise<unknown> {
  const file = EXTENSION_LOOKUP_ORDER.map((extension) => pathWithoutExtension + extension).find(isFile);
  if (file === undefined) {
    throw runtimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  }
  try {
    if (moduleFormatInTaskRoot(file, taskRoot) === 'module') return await import(pathToFileURL(file).href);
    // CommonJS through require(): import() would hand the file back to Node's own format lookup, which sees
    // the project's `"type": "module"` above cdk.out.
    return createRequire(file)(file);
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeError('Runtime.UserCodeSyntaxError', String(error), error.stack);
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw runtimeError('Runtime.ImportModuleError', String(error));
    }
    throw error;
  }
}

function findIn(handlerName: string, module: unknown): unknown {
  return handlerName
    .split('.')
    .reduce<unknown>(
      (nested, key) => (nested !== null && (typeof nested === 'object' || typeof nested === 'function') ? (nested as Record<string, unknown>)[key] : undefined),
      module,
    );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
