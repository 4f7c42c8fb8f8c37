/**
 * One line a function printed, made readable for a terminal: `time level function message corr=… · rest`. Structured
 * (JSON) lines such as Powertools Logger's are taken apart; anything else is shown as printed.
 *
 * @example
 * formatFunctionLine({ functionName: 'PlaceOrder', message: '{"level":"INFO","message":"placed","correlation_id":"c-1","orderId":"o-1"}', timestamp })
 * // '12:03:04.123 INFO  PlaceOrder  placed  corr=c-1 · orderId=o-1'
 */
export interface ReadableLine {
  functionName: string;
  message: string;
  /** Epoch milliseconds: when the line was printed, unless the line says otherwise. */
  timestamp: number;
  colour?: boolean;
}

/** Fields every structured line carries that say nothing about this one (Powertools' standard keys). */
const HIDDEN_KEYS = new Set([
  'level',
  'message',
  'msg',
  'timestamp',
  'time',
  'service',
  'cold_start',
  'function_name',
  'function_arn',
  'function_memory_size',
  'function_request_id',
  'xray_trace_id',
  'sampling_rate',
  'correlation_id',
  'correlationId',
]);

/** How much of the other fields a line shows: the rest is folded into `…`. */
const REST_MAX_CHARS = 120;

const LEVEL_COLOURS: Record<string, string> = { ERROR: '31', CRITICAL: '31', FATAL: '31', WARN: '33', WARNING: '33', INFO: '0', DEBUG: '2', TRACE: '2' };

export function formatFunctionLine(line: ReadableLine): string {
  const text = line.message.replace(/\n$/, '');
  const parsed = parseObject(text);
  const paint = (code: string, value: string) => (line.colour ? `\u001b[${code}m${value}\u001b[0m` : value);
  if (!parsed) return `${paint('2', clock(line.timestamp))} ${'-'.padEnd(5)} ${paint('35', line.functionName)}  ${text}`;
  const level = String(parsed['level'] ?? '-').toUpperCase();
  const time = typeof parsed['timestamp'] === 'string' && !Number.isNaN(Date.parse(parsed['timestamp'])) ? Date.parse(parsed['timestamp']) : line.timestamp;
  const message = typeof parsed['message'] === 'string' ? parsed['message'] : typeof parsed['msg'] === 'string' ? parsed['msg'] : '';
  const correlation = parsed['correlation_id'] ?? parsed['correlationId'];
  const rest = Object.entries(parsed)
    .filter(([key]) => !HIDDEN_KEYS.has(key))
    .map(([key, value]) => `${key}=${fold(value)}`)
    .join(' ');
  return [
    `${paint('2', clock(time))} ${paint(LEVEL_COLOURS[level] ?? '0', level.padEnd(5))} ${paint('35', line.functionName)}  ${message}`,
    typeof correlation === 'string' ? `  ${paint('36', `corr=${correlation}`)}` : '',
    rest ? paint('2', ` · ${rest.length > REST_MAX_CHARS ? `${rest.slice(0, REST_MAX_CHARS - 1)}…` : rest}`) : '',
  ].join('');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A field's value in a few characters: an error as `Name: message`, objects and arrays by their size. */
function fold(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (Array.isArray(value)) return `[…${value.length}]`;
  if (typeof value === 'object' && value !== null) {
    const error = value as { name?: unknown; message?: unknown };
    if (typeof error.name === 'string' && typeof error.message === 'string') return JSON.stringify(`${error.name}: ${error.message}`);
    return `{…${Object.keys(value).length}}`;
  }
  return String(value);
}

/** `HH:MM:SS.mmm`, local time: a terminal follows the developer's clock. */
function clock(epochMs: number): string {
  const at = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}
