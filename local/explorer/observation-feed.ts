import type { EsmActivity } from '../esm/index.ts';
import type { EventBridgeActivity } from '../eventbridge/index.ts';
import type { HttpApiActivity } from '../http-api/index.ts';
import type { FunctionLogLine, LambdaActivity } from '../lambda/index.ts';
import type { SchedulerActivity } from '../scheduler/index.ts';
import { correlationIdsIn, readLogLine } from './correlation.ts';
import { describeTrigger, type InvocationTrigger } from './invocation-trigger.ts';

/** Observations kept: the oldest goes when one more comes, so memory does not grow with traffic. */
export const FEED_CAPACITY = 2000;
/** Log lines kept per invocation (the first ones, then a count of those left out). */
export const MAX_LOG_LINES_PER_INVOCATION = 50;
/** Characters kept of a log line or an error message. */
export const MAX_LINE_CHARS = 2000;
/** Characters kept of an event's JSON (events go up to 1 MiB); the rest is marked as cut. */
export const MAX_EVENT_JSON_CHARS = 32 * 1024;
/** Deliveries (attempts included) kept per event. */
export const MAX_DELIVERIES_PER_EVENT = 50;
/** Shorter ids are not looked for inside events: `"1"` would be in most of them. */
export const MIN_MENTIONED_ID_CHARS = 6;
/** SQS messages whose last failure is remembered, for the dead letters' reasons. */
export const MAX_REMEMBERED_FAILURES = 1000;

interface Base {
  /** Order of arrival, unique: the page keys observations by it. */
  seq: number;
  /** Clock time of the first activity. */
  at: number;
  correlationIds: string[];
}

export interface Delivery {
  at: number;
  ruleName: string;
  targetId: string;
  targetArn: string;
  status: 'delivered' | 'retrying' | 'dead-lettered' | 'dropped';
  attempt?: number;
  error?: string;
  deadLetterArn?: string;
}

export interface EventObservation extends Base {
  kind: 'event';
  eventId: string;
  busName: string;
  source: string;
  detailType: string;
  replayName?: string;
  /** The envelope as JSON, cut at {@link MAX_EVENT_JSON_CHARS}. */
  json: string;
  truncated: boolean;
  /** Names of the rules that matched; undefined until matching ran. */
  rules?: string[];
  archivedTo: string[];
  deliveries: Delivery[];
  /** The bus named does not exist: the event was dropped (as AWS does). */
  busNotFound?: boolean;
}

export interface LogEntry {
  at: number;
  stream: FunctionLogLine['stream'];
  level?: string;
  message: string;
}

export interface InvocationObservation extends Base {
  kind: 'invocation';
  requestId: string;
  functionName: string;
  invocationType: string;
  attempt: number;
  coldStart: boolean;
  status: 'running' | 'success' | 'error' | 'timeout';
  durationMs?: number;
  initDurationMs?: number;
  errorType?: string;
  errorMessage?: string;
  trigger: InvocationTrigger;
  /** The event source mapping's verdict on the batch, when a mapping invoked it. */
  batch?: { mapping: string; source: string; outcome: string; size: number; failed: number; reason?: string };
  logs: LogEntry[];
  logsLeftOut: number;
  /** Retries scheduled, destinations reached, or the event discarded. */
  notes: string[];
}

export interface HttpObservation extends Base {
  kind: 'http';
  requestId: string;
  method: string;
  path: string;
  routeKey?: string;
  status: number;
  latencyMs: number;
  functionRequestId?: string;
  error?: string;
}

/** Something else worth a line: a schedule fired, a replay's state, a stream batch given up on. */
export interface NoteObservation extends Base {
  kind: 'note';
  level: 'info' | 'warn' | 'error';
  text: string;
}

export type Observation = EventObservation | InvocationObservation | HttpObservation | NoteObservation;

/** A failed SQS message's last failure: what the dead letters view gives as the reason. */
export interface MessageFailure {
  at: number;
  functionName: string;
  requestId: string;
  reason: string;
}

export type FeedListener = (observation: Observation) => void;

/**
 * The explorer's journal of what flowed through the runtime: HTTP requests, events with their rule matches and
 * deliveries, invocations with their trigger, outcome, cold start and log lines. Fed by the services' activity
 * callbacks (the same the live log reads), bounded ({@link FEED_CAPACITY} observations, each bounded), and
 * observed by the explorer page through server-sent events.
 */
export class ObservationFeed {
  readonly #capacity: number;
  readonly #observations = new Map<number, Observation>();
  readonly #events = new Map<string, EventObservation>();
  readonly #invocations = new Map<string, InvocationObservation>();
  readonly #failures = new Map<string, MessageFailure>();
  readonly #listeners = new Set<FeedListener>();
  #seq = 0;

  constructor(options: { capacity?: number } = {}) {
    this.#capacity = options.capacity ?? FEED_CAPACITY;
  }

  /** Called with each observation added or changed; returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every observation kept, oldest first. */
  list(): Observation[] {
    return [...this.#observations.values()];
  }

  get size(): number {
    return this.#observations.size;
  }

  /**
   * The observations of one correlation id, by time, with the HTTP requests answered by its invocations. Given an
   * id the events carry instead (an order id), the flows of every event that mentions it: an order placed over HTTP
   * and paid by a webhook is two correlations, one order.
   */
  trace(id: string): Observation[] {
    const ids = new Set([id, ...this.#correlationsMentioning(id)]);
    const found = this.list().filter((o) => o.correlationIds.some((c) => ids.has(c)));
    const requestIds = new Set(found.flatMap((o) => (o.kind === 'invocation' ? [o.requestId] : [])));
    const linked = this.list().filter((o) => o.kind === 'http' && o.functionRequestId !== undefined && requestIds.has(o.functionRequestId));
    const all = new Map([...found, ...linked].map((o) => [o.seq, o]));
    // By time first: an HTTP request is reported when answered, after the invocation it caused.
    return [...all.values()].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  #correlationsMentioning(id: string): string[] {
    if (id.length < MIN_MENTIONED_ID_CHARS) return [];
    const quoted = JSON.stringify(id);
    return this.list().flatMap((o) => (o.kind === 'event' && o.json.includes(quoted) ? o.correlationIds : []));
  }

  /** The last failure seen for an SQS message id, while remembered. */
  failureOf(messageId: string): MessageFailure | undefined {
    return this.#failures.get(messageId);
  }

  eventBridge(a: EventBridgeActivity): void {
    if (a.type === 'replay-state') {
      return this.#note(a.at, a.state === 'FAILED' ? 'error' : 'info', `replay ${a.replayName} ${a.state} (${a.eventsReplayed} events)`, []);
    }
    if (a.type === 'received') {
      const json = JSON.stringify(a.event);
      const observation: EventObservation = {
        kind: 'event',
        seq: 0,
        at: a.at,
        correlationIds: a.correlationId ? [a.correlationId] : correlationIdsIn(json).slice(0, 1),
        eventId: a.eventId,
        busName: a.busName,
        source: a.source,
        detailType: a.detailType,
        ...(a.replayName ? { replayName: a.replayName } : {}),
        json: json.slice(0, MAX_EVENT_JSON_CHARS),
        truncated: json.length > MAX_EVENT_JSON_CHARS,
        archivedTo: [],
        deliveries: [],
      };
      this.#add(observation);
      this.#events.set(a.eventId, observation);
      return;
    }
    const event = this.#events.get(a.eventId);
    if (!event) return;
    switch (a.type) {
      case 'matched':
        event.rules = a.rules;
        break;
      case 'archived':
        event.archivedTo.push(a.archiveName);
        break;
      case 'bus-not-found':
        event.busNotFound = true;
        break;
      case 'delivered':
        this.#delivery(event, { at: a.at, ruleName: a.ruleName, targetId: a.targetId, targetArn: a.targetArn, status: 'delivered', attempt: a.attempt });
        break;
      case 'retry-scheduled':
        this.#delivery(event, {
          at: a.at,
          ruleName: a.ruleName,
          targetId: a.targetId,
          targetArn: a.targetArn,
          status: 'retrying',
          attempt: a.attempt,
          error: cut(`${a.errorCode}: ${a.errorMessage}`),
        });
        break;
      case 'dead-lettered':
        this.#delivery(event, {
          at: a.at,
          ruleName: a.ruleName,
          targetId: a.targetId,
          targetArn: a.targetArn,
          status: 'dead-lettered',
          error: cut(`${a.errorCode}: ${a.errorMessage}`),
          deadLetterArn: a.deadLetterArn,
        });
        break;
      case 'dropped':
        this.#delivery(event, {
          at: a.at,
          ruleName: a.ruleName,
          targetId: a.targetId,
          targetArn: a.targetArn,
          status: 'dropped',
          error: cut(`${a.reason}: ${a.errorCode}: ${a.errorMessage}`),
        });
        break;
    }
    this.#changed(event);
  }

  lambda(a: LambdaActivity): void {
    if (a.type === 'invoke') {
      const existing = this.#invocations.get(a.requestId);
      if (existing) {
        // An asynchronous retry: same request id, next attempt.
        existing.attempt = a.attempt;
        existing.coldStart = a.coldStart;
        existing.status = 'running';
        existing.notes.push(`attempt ${a.attempt}${a.coldStart ? ' (cold start)' : ''}`);
        return this.#changed(existing);
      }
      const observation: InvocationObservation = {
        kind: 'invocation',
        seq: 0,
        at: a.at,
        correlationIds: correlationIdsIn(a.event),
        requestId: a.requestId,
        functionName: a.functionName,
        invocationType: a.invocationType,
        attempt: a.attempt,
        coldStart: a.coldStart,
        status: 'running',
        trigger: describeTrigger(a.event),
        logs: [],
        logsLeftOut: 0,
        notes: [],
      };
      this.#add(observation);
      this.#invocations.set(a.requestId, observation);
      return;
    }
    if (!('requestId' in a)) return;
    const invocation = this.#invocations.get(a.requestId);
    if (!invocation) return;
    switch (a.type) {
      case 'result':
        invocation.status = a.outcome;
        invocation.durationMs = Math.round(a.durationMs);
        if (a.initDurationMs !== undefined) invocation.initDurationMs = Math.round(a.initDurationMs);
        if (a.errorType) invocation.errorType = a.errorType;
        if (a.errorMessage) invocation.errorMessage = cut(a.errorMessage);
        break;
      case 'retry-scheduled':
        invocation.notes.push(`retry ${a.nextAttempt} in ${a.delayMs} ms (${a.cause})`);
        break;
      case 'delivered':
        invocation.notes.push(`${a.reason} → ${a.targetArn}`);
        break;
      case 'delivery-failed':
        invocation.notes.push(`${a.reason} → ${a.targetArn} failed: ${cut(a.error)}`);
        break;
      case 'discarded':
        invocation.notes.push(`event discarded (${a.condition}, no destination)`);
        break;
      case 'throttled':
        invocation.notes.push('throttled');
        break;
    }
    this.#changed(invocation);
  }

  functionLine(line: FunctionLogLine): void {
    if (line.requestId === undefined) return;
    const invocation = this.#invocations.get(line.requestId);
    if (!invocation) return;
    if (invocation.logs.length >= MAX_LOG_LINES_PER_INVOCATION) {
      invocation.logsLeftOut += 1;
      return this.#changed(invocation);
    }
    const read = readLogLine(line.message);
    invocation.logs.push({ at: line.timestamp, stream: line.stream, ...(read.level ? { level: read.level } : {}), message: cut(read.message) });
    if (read.correlationId && !invocation.correlationIds.includes(read.correlationId)) invocation.correlationIds.push(read.correlationId);
    this.#changed(invocation);
  }

  esm(a: EsmActivity): void {
    if (a.type === 'invoked') {
      const invocation = this.#invocations.get(a.requestId);
      if (!invocation) return;
      invocation.batch = {
        mapping: a.mapping,
        source: a.source,
        outcome: a.outcome,
        size: a.size,
        failed: a.failed,
        ...(a.reason ? { reason: a.reason } : {}),
      };
      for (const messageId of a.failedIds ?? []) this.#rememberFailure(messageId, invocation);
      return this.#changed(invocation);
    }
    if (a.type === 'discarded') {
      this.#note(
        a.at,
        'error',
        `${a.source} → ${a.functionName}: ${a.count} records discarded (${a.condition})${a.destination ? ` → ${a.destination}` : ''}`,
        [],
      );
    } else if (a.type === 'invoke-failed' || a.type === 'delivery-failed' || a.type === 'poll-error') {
      this.#note(a.at, 'error', `${a.source} → ${a.functionName}: ${a.type}: ${cut(a.error)}`, []);
    }
  }

  http(a: HttpApiActivity): void {
    const invocation = a.functionRequestId ? this.#invocations.get(a.functionRequestId) : undefined;
    this.#add({
      kind: 'http',
      seq: 0,
      at: a.at,
      correlationIds: [...new Set([a.requestId, ...(invocation?.correlationIds ?? [])])],
      requestId: a.requestId,
      method: a.method,
      path: a.path,
      ...(a.routeKey ? { routeKey: a.routeKey } : {}),
      status: a.status,
      latencyMs: a.latencyMs,
      ...(a.functionRequestId ? { functionRequestId: a.functionRequestId } : {}),
      ...(a.error ? { error: cut(`${a.error}${a.errorMessage ? `: ${a.errorMessage}` : ''}`) } : {}),
    });
  }

  scheduler(a: SchedulerActivity): void {
    switch (a.type) {
      case 'fired':
        return this.#note(a.at, 'info', `schedule ${a.name} fired${a.manual ? ' (manual)' : ''} → ${a.targetArn}`, []);
      case 'attempt-failed':
        return this.#note(a.at, 'warn', `schedule ${a.name} attempt ${a.attempt} failed: ${a.errorCode}`, []);
      case 'dead-lettered':
        return this.#note(a.at, 'error', `schedule ${a.name} dead-lettered after ${a.attempts} attempts → ${a.deadLetterArn}`, []);
      case 'dropped':
        return this.#note(a.at, 'error', `schedule ${a.name} dropped after ${a.attempts} attempts (${a.errorCode})`, []);
      default:
        return;
    }
  }

  #rememberFailure(messageId: string, invocation: InvocationObservation): void {
    const errors = invocation.logs.filter((line) => line.level === 'ERROR' || line.stream === 'stderr' || line.stream === 'platform');
    const line = errors.find((entry) => entry.message.includes(messageId)) ?? errors.at(-1);
    const reason =
      (line && messageOf(line.message)) ??
      (invocation.errorType ? `${invocation.errorType}: ${invocation.errorMessage ?? ''}` : `batch ${invocation.batch?.outcome ?? 'failed'}`);
    this.#failures.delete(messageId);
    this.#failures.set(messageId, { at: invocation.at, functionName: invocation.functionName, requestId: invocation.requestId, reason: cut(reason) });
    if (this.#failures.size > MAX_REMEMBERED_FAILURES) this.#failures.delete(this.#failures.keys().next().value as string);
  }

  #delivery(event: EventObservation, delivery: Delivery): void {
    if (event.deliveries.length < MAX_DELIVERIES_PER_EVENT) event.deliveries.push(delivery);
  }

  #note(at: number, level: NoteObservation['level'], text: string, correlationIds: string[]): void {
    this.#add({ kind: 'note', seq: 0, at, level, text: cut(text), correlationIds });
  }

  #add(observation: Observation): void {
    this.#seq += 1;
    observation.seq = this.#seq;
    this.#observations.set(observation.seq, observation);
    while (this.#observations.size > this.#capacity) {
      const oldest = this.#observations.values().next().value as Observation;
      this.#observations.delete(oldest.seq);
      if (oldest.kind === 'event') this.#events.delete(oldest.eventId);
      if (oldest.kind === 'invocation') this.#invocations.delete(oldest.requestId);
    }
    this.#changed(observation);
  }

  #changed(observation: Observation): void {
    for (const listener of this.#listeners) listener(observation);
  }
}

function cut(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}

/** The readable part of a log line: a JSON line's `message` (and its error's), else the line. */
function messageOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { message?: unknown; error?: { message?: unknown } };
    if (typeof parsed.message === 'string') return typeof parsed.error?.message === 'string' ? `${parsed.message} (${parsed.error.message})` : parsed.message;
  } catch {
    // Not JSON: the line itself.
  }
  return line;
}
