import type { EventBridgeActivity } from '../eventbridge/index.ts';
import type { EsmActivity } from '../esm/index.ts';
import type { HttpApiActivity } from '../http-api/index.ts';
import type { FunctionLogLine, LambdaActivity } from '../lambda/index.ts';
import type { SchedulerActivity } from '../scheduler/index.ts';
import type { SecretsActivity } from '../secrets/index.ts';
import type { FunctionSpec } from '../topology/types.ts';
import { formatFunctionLine } from './function-log-line.ts';
import { shortFunctionNames } from './function-names.ts';

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

/**
 * `raw`: each line as it comes, function output as printed (`  <physical name> | <line>`): for pipes and tests.
 * `readable`: for a terminal: functions by their short construct-path name, their structured log lines as
 * `time level function message corr=… · rest`.
 */
export type LogFormat = 'raw' | 'readable';

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
  readonly #format: LogFormat;
  #shortNames = new Map<string, string>();

  constructor(options: { sink: LogSink; colour?: boolean; format?: LogFormat }) {
    this.#sink = options.sink;
    this.#colour = options.colour ?? false;
    this.#format = options.format ?? 'raw';
  }

  /** The app's functions, so `readable` lines name them by construct path instead of physical name. */
  describeFunctions(functions: readonly Pick<FunctionSpec, 'name' | 'path'>[]): void {
    this.#shortNames = shortFunctionNames(functions);
  }

  /** Every line, without colour and in the raw format, for `eventful tail`-like consumers; returns the unsubscribe function. */
  subscribe(listener: LogSink): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One line; `readable` is what a `readable` log shows instead of `text` (which listeners always get). */
  write(kind: LogKind, text: string, readable?: string): void {
    const shown = this.#format === 'readable' && readable !== undefined ? readable : text;
    this.#sink(this.#colour ? `\u001b[${COLOURS[kind]}m${shown}\u001b[0m` : shown, kind);
    for (const listener of this.#listeners) listener(text, kind);
  }

  /** A line naming a function: its physical name in `text`, its short name in the readable form. */
  #writeAbout(kind: LogKind, functionName: string, line: (name: string) => string): void {
    this.write(kind, line(functionName), line(this.#shortNames.get(functionName) ?? functionName));
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
        return this.#writeAbout(
          a.outcome === 'success' ? 'lambda' : 'error',
          a.functionName,
          (name) => `λ ${name} ${a.invocationType} ${a.outcome}${error} in ${Math.round(a.durationMs)} ms${init}`,
        );
      }
      case 'retry-scheduled':
        return this.#writeAbout('warn', a.functionName, (name) => `λ ${name} retry ${a.nextAttempt} in ${a.delayMs} ms (${a.cause})`);
      case 'delivered':
        return this.#writeAbout('lambda', a.functionName, (name) => `λ ${name} → ${a.reason} → ${a.targetArn}`);
      case 'delivery-failed':
        return this.#writeAbout('error', a.functionName, (name) => `λ ${name} → ${a.reason} → ${a.targetArn} failed: ${a.error}`);
      case 'discarded':
        return this.#writeAbout('error', a.functionName, (name) => `λ ${name} event discarded (${a.condition}, no destination)`);
      case 'throttled':
        return this.#writeAbout('warn', a.functionName, (name) => `λ ${name} throttled`);
      default:
        return;
    }
  }

  esm(a: EsmActivity): void {
    const say = (kind: LogKind, rest: string) => this.#writeAbout(kind, a.functionName, (name) => `esm ${a.source} → ${name} ${rest}`);
    switch (a.type) {
      case 'invoked':
        return say(
          a.outcome === 'success' ? 'esm' : 'warn',
          `batch of ${a.size}${a.shardId ? ` (${a.shardId})` : ''} → ${a.outcome}${a.failed ? `, ${a.failed} to retry` : ''}`,
        );
      case 'invoke-failed':
        return say('error', `batch of ${a.size} not invoked: ${a.error}`);
      case 'discarded':
        return say('error', `${a.count} records discarded (${a.condition})${a.destination ? ` → ${a.destination}` : ''}`);
      case 'bisected':
        return say('warn', `batch bisected into ${a.sizes.join(' + ')}`);
      case 'delivery-failed':
      case 'poll-error':
        return say('error', `${a.type}: ${a.error}`);
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
    const raw = `  ${line.functionName} | ${line.message.replace(/\n$/, '')}`;
    if (this.#format === 'raw') return this.write('function', raw);
    const functionName = this.#shortNames.get(line.functionName) ?? line.functionName;
    const readable = formatFunctionLine({ functionName, message: line.message, timestamp: line.timestamp, colour: this.#colour });
    // Coloured field by field, not as a whole line: written past write()'s colouring.
    this.#sink(readable, 'function');
    for (const listener of this.#listeners) listener(raw, 'function');
  }
}
