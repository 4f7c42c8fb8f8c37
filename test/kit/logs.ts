import { vi } from 'vitest';

/** One structured log line as Powertools Logger writes it. */
export type LogLine = Record<string, unknown> & { level?: string; message?: string; correlation_id?: string };

export interface CapturedLogs {
  /** Every line written since capture began, parsed. */
  lines: LogLine[];
  /** Lines whose message is `message`. */
  withMessage(message: string): LogLine[];
  restore(): void;
}

/**
 * Captures (and silences) what the Powertools Logger writes. With `POWERTOOLS_DEV` set, as in the
 * test environment, the Logger writes through the global console, which this spies on.
 *
 * The Logger fixes its level at construction from POWERTOOLS_LOG_LEVEL (SILENT in tests): a test file
 * that asserts on logs raises it before anything is imported:
 *
 * @example
 * vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG'; });
 * const logs = captureLogs();
 * // …
 * expect(logs.withMessage('Stock reserved')[0]?.correlation_id).toBe('corr-1');
 */
export function captureLogs(): CapturedLogs {
  const lines: LogLine[] = [];
  const record = (...args: unknown[]) => {
    for (const arg of args) {
      try {
        lines.push(JSON.parse(String(arg)) as LogLine);
      } catch {
        lines.push({ message: String(arg) });
      }
    }
  };
  const spies = (['trace', 'debug', 'info', 'log', 'warn', 'error'] as const).map((method) => vi.spyOn(console, method).mockImplementation(record));
  return {
    lines,
    withMessage: (message) => lines.filter((line) => line.message === message),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
