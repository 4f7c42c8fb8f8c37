import { vi } from 'vitest';

/** Powertools' levels, lowest first. */
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const;
export type CapturedLevel = (typeof LEVELS)[number];

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
 * Captures (and silences) what the Powertools Logger writes, keeping the lines at `minLevel` or above.
 * With `POWERTOOLS_DEV` set, as in the test environment, the Logger writes through the global
 * console, which this spies on.
 *
 * The unit tier runs the Logger at DEBUG (vitest.config.ts) and filters here rather than raising the
 * Logger's level per test: Powertools puts the level back to the one it was built with at the start
 * of every invocation, and all unit test files share one Logger.
 *
 * @example
 * const logs = captureLogs();
 * // …
 * expect(logs.withMessage('Stock reserved')[0]?.correlation_id).toBe('corr-1');
 */
export function captureLogs(minLevel: CapturedLevel = 'DEBUG'): CapturedLogs {
  const lowest = LEVELS.indexOf(minLevel);
  const kept = (line: LogLine) => typeof line.level !== 'string' || LEVELS.indexOf(line.level as CapturedLevel) >= lowest;
  const lines: LogLine[] = [];
  const record = (...args: unknown[]) => {
    for (const arg of args) {
      let line: LogLine;
      try {
        line = JSON.parse(String(arg)) as LogLine;
      } catch {
        line = { message: String(arg) };
      }
      if (kept(line)) lines.push(line);
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
