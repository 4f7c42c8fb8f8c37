import type { EventBridgeActivity } from '../eventbridge/index.ts';
import type { EsmActivity } from '../esm/index.ts';
import type { HttpApiActivity } from '../http-api/index.ts';
import type { FunctionLogLine, LambdaActivity } from '../lambda/index.ts';
import type { SchedulerActivity } from '../scheduler/index.ts';
import type { SecretsActivity } from '../secrets/index.ts';

export type LogKind = 'runtime' | 'event' | 'lambda' | 'esm' | 'http' | 'schedule' | 'function' | 'chaos' | 'warn' | 'error';

/** Where the live log writes; `line` is already formatted (colour included when asked for). */
export type LogSink = (line: string, kind: LogKind) => void;

const COLOURS: Record<LogKind, string> = {
  runtime: '1',
  event: '36',
  lambda: '35',
  esm: '34',
  http: '32',
  schedule: '33',
  function: '2',
  chaos: '95',
  warn: '33',
  error: '31',
};

/** Event ids to their detail types, for delivery lines: bounded, since events can flow for hours. */
const REMEMBERED_EVENTS = 1000;

/**
 * One line per step of what flows through the runtime: events → rule → target → outcome with correlation ids,
 * Lambda invocations with duration and outcome, event-source-mapping batches, HTTP requests, schedules fired.
 */
export class LiveLog {
  readonly #sink: LogSink;
  readonly #colour: boolean;
  readonly #detailTypes = new Map<string, string>();
  readonly #listeners = new Set<LogSink>();

  constructor(options: { sink: LogSink; colour?: boolean }) {
    this.#sink = options.sink;
    this.#colour = options.colour ?? false;
  }

  /** Every line, without colour, for `eventful tail`-like consumers; returns the unsubscribe function. */
  subscribe(listener: LogSink): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  write(kind: LogKind, text: string): void {
    this.#sink(this.#colour ? `\u001b[${COLOURS[kind]}m${text}\u001b[0m` : text, kind);
    for (const listener of this.#listeners) listener(text, kind);
  }

  eventBridge(a: EventBridgeActivity): void {
    if (a.type === 'replay-state') return this.write('event', `replay ${a.replayName} ${a.state} (${a.eventsReplayed} events)`);
    const corr = a.correlationId ? ` (corr ${a.correlationId})` : '';
    const name = () => this.#detailTypes.get(a.eventId) ?? a.eventId;
    switch (a.type) {
      case 'received':
        this.#detailTypes.set(a.eventId, a.detailType);
        if (this.#detailTypes.size > REMEMBERED_EVENTS) this.#detailTypes.delete(this.#detailTypes.keys().next().value as string);
        return;
      case 'matched':
        if (a.rules.length === 0) this.write('event', `event ${name()}${corr} on ${a.busName} → no rule matched`);
        return;
      case 'archived':
        return;
      case 'delivered':
        return this.write('event', `event ${name()}${corr} → rule ${a.ruleName} → target ${a.targetId} → delivered`);
      case 'retry-scheduled':
        return this.write('warn', `event ${name()}${corr} → rule ${a.ruleName} → target ${a.targetId} → retrying in ${a.delayMs} ms (${a.errorCode})`);
      case 'dead-lettered':
        return this.write('error', `event ${name()}${corr} → rule ${a.ruleName} → target ${a.targetId} → dead-lettered (${a.errorCode}: ${a.errorMessage})`);
      case 'dropped':
        return this.write('error', `event ${name()}${corr} → rule ${a.ruleName} → target ${a.targetId} → dropped (${a.reason}: ${a.errorMessage})`);
      case 'bus-not-found':
        return this.write('warn', `event ${name()}${corr} → bus ${a.busName} does not exist: dropped`);
    }
  }

  lambda(a: LambdaActivity): void {
    switch (a.type) {
      case 'result': {
        const init = a.initDurationMs !== undefined ? `, cold start ${Math.round(a.initDurationMs)} ms` : '';
        const error = a.errorType ? ` ${a.errorType}` : '';
        return this.write(
          a.outcome === 'success' ? 'lambda' : 'error',
          `λ ${a.functionName} ${a.invocationType} ${a.outcome}${error} in ${Math.round(a.durationMs)} ms${init}`,
        );
      }
      case 'retry-scheduled':
        return this.write('warn', `λ ${a.functionName} retry ${a.nextAttempt} in ${a.delayMs} ms (${a.cause})`);
      case 'delivered':
        return this.write('lambda', `λ ${a.functionName} → ${a.reason} → ${a.targetArn}`);
      case 'delivery-failed':
        return this.write('error', `λ ${a.functionName} → ${a.reason} → ${a.targetArn} failed: ${a.error}`);
      case 'discarded':
        return this.write('error', `λ ${a.functionName} event discarded (${a.condition}, no destination)`);
      case 'throttled':
        return this.write('warn', `λ ${a.functionName} throttled`);
      default:
        return;
    }
  }

  esm(a: EsmActivity): void {
    const head = `esm ${a.source} → ${a.functionName}`;
    switch (a.type) {
      case 'invoked':
        return this.write(
          a.outcome === 'success' ? 'esm' : 'warn',
          `${head} batch of ${a.size}${a.shardId ? ` (${a.shardId})` : ''} → ${a.outcome}${a.failed ? `, ${a.failed} to retry` : ''}`,
        );
      case 'invoke-failed':
        return this.write('error', `${head} batch of ${a.size} not invoked: ${a.error}`);
      case 'discarded':
        return this.write('error', `${head} ${a.count} records discarded (${a.condition})${a.destination ? ` → ${a.destination}` : ''}`);
      case 'bisected':
        return this.write('warn', `${head} batch bisected into ${a.sizes.join(' + ')}`);
      case 'delivery-failed':
      case 'poll-error':
        return this.write('error', `${head} ${a.type}: ${a.error}`);
      default:
        return;
    }
  }

  http(a: HttpApiActivity): void {
    this.write(a.status >= 500 ? 'error' : 'http', `http ${a.method} ${a.path} → ${a.status}${a.routeKey ? ` (${a.routeKey})` : ''}`);
  }

  scheduler(a: SchedulerActivity): void {
    switch (a.type) {
      case 'fired':
        return this.write('schedule', `schedule ${a.name} fired${a.manual ? ' (manual)' : ''} → ${a.targetArn}`);
      case 'attempt-failed':
        return this.write('warn', `schedule ${a.name} attempt ${a.attempt} failed: ${a.errorCode}`);
      case 'dead-lettered':
        return this.write('error', `schedule ${a.name} dead-lettered after ${a.attempts} attempts → ${a.deadLetterArn}`);
      case 'dropped':
        return this.write('error', `schedule ${a.name} dropped after ${a.attempts} attempts (${a.errorCode})`);
      default:
        return;
    }
  }

  /** Where a secret's value came from (`$PAYMENT_WEBHOOK_SECRET`, `SecretString`, the default tag); never the value. */
  secrets(a: SecretsActivity): void {
    if (a.type === 'read') return this.write('runtime', `secret ${a.secretName} ${a.operation} → value from ${a.source}`);
    this.write('error', `secret ${a.secretId} ${a.operation} → ${a.code}: ${a.message}`);
  }

  functionLine(line: FunctionLogLine): void {
    if (line.stream === 'platform') return;
    this.write('function', `  ${line.functionName} | ${line.message.replace(/\n$/, '')}`);
  }
}
