/**
 * Where the explorer reads correlation ids (README, "Explorer"): a field named `correlationId` or `correlation_id`
 * anywhere in a payload or a JSON log line, at any depth of JSON nested in strings (an SQS body holding an
 * EventBridge event) and as a DynamoDB attribute value (`{"S": "…"}` in a stream record's image). Read from the
 * text with one pattern instead of parsing it: payloads go up to 6 MB and are read once per invocation.
 */
const CORRELATION_FIELD = /correlation_?[Ii]d\\*"\s*:\s*(?:\{\s*\\*"S\\*"\s*:\s*)?\\*"([^"\\]{1,200})\\*"/g;

/** Only the start of a payload is searched: a batch's first records say which flows it belongs to. */
export const CORRELATION_SCAN_CHARS = 256 * 1024;

/** At most this many ids are kept per observation (a batch of 100 stream records spans at most 100 flows). */
export const MAX_CORRELATION_IDS = 100;

/** The distinct correlation ids in `text`, in order of appearance. */
export function correlationIdsIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.slice(0, CORRELATION_SCAN_CHARS).matchAll(CORRELATION_FIELD)) {
    found.add(match[1] as string);
    if (found.size >= MAX_CORRELATION_IDS) break;
  }
  return [...found];
}

/** A function's log line as the explorer shows it: Powertools-style JSON lines give their level, message and correlation id. */
export interface ReadLogLine {
  level?: string;
  message: string;
  correlationId?: string;
}

/** JSON log lines longer than this are shown raw, not parsed. */
const MAX_PARSED_LINE_CHARS = 16 * 1024;

export function readLogLine(raw: string): ReadLogLine {
  const text = raw.replace(/\n$/, '');
  if (text.startsWith('{') && text.length <= MAX_PARSED_LINE_CHARS) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const level = typeof parsed.level === 'string' ? parsed.level.toUpperCase() : undefined;
      const correlationId = typeof parsed.correlation_id === 'string' ? parsed.correlation_id : undefined;
      return {
        ...(level ? { level } : {}),
        message: text,
        ...(correlationId ? { correlationId } : {}),
      };
    } catch {
      // Not JSON after all: shown as printed.
    }
  }
  const level = /\b(ERROR|WARN|INFO|DEBUG)\b/.exec(text.slice(0, 80))?.[1];
  return { ...(level ? { level } : {}), message: text };
}
