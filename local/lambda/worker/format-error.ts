import type { RuntimeErrorBody } from './protocol.ts';

/**
 * The error body as Lambda's Node.js runtime builds it: the error's `name` as `errorType`, its stack split into
 * lines as `trace`; anything thrown that is not an Error becomes `{ errorType: typeof value }`.
 * https://github.com/aws/aws-lambda-nodejs-runtime-interface-client (src/utils/error.ts)
 */
export function formatError(error: unknown): RuntimeErrorBody {
  try {
    if (error instanceof Error) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: error.stack?.split('\n') ?? [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

/**
 * The JSON the runtime logs after `Invoke Error` / `Uncaught Exception`: the error's own enumerable fields
 * plus `errorType`, `errorMessage`, `code` and the stack as an array.
 */
export function errorLogJson(error: unknown): string {
  if (!(error instanceof Error)) return JSON.stringify(formatError(error));
  try {
    const fields: Record<string, unknown> = {
      errorType: error.name,
      errorMessage: error.message,
      code: (error as Error & { code?: unknown }).code,
      ...error,
    };
    if (typeof error.stack === 'string') fields['stack'] = error.stack.split('\n');
    return JSON.stringify(fields);
  } catch {
    return JSON.stringify(formatError(error));
  }
}

/** An Error whose `name` is one of the runtime's error types (`Runtime.ImportModuleError`, …). */
export function runtimeError(errorType: string, message: string, stack?: string): Error {
  const error = new Error(message);
  error.name = errorType;
  if (stack !== undefined) error.stack = stack;
  return error;
}
