import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Chaos } from '../chaos/chaos.ts';
import { putEventsEntryFault } from '../chaos/aws-faults.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { BucketSpec, RuleSpec, TargetSpec } from '../topology/types.ts';
import { bucketArn, busNameOf, eventBusArn, replayArn, resourceNameOf, ruleArn, type Placement } from './arns.ts';
import { compileTarget, type CompiledTarget } from './compile-target.ts';
import { DEFAULT_EVENT_BUS, LOCAL_SOURCE_IP, TARGETS_PER_RULE, TEST_EVENT_REQUIRED_FIELDS } from './constants.ts';
import {
  IllegalStatusError,
  InvalidEventPatternApiError,
  LimitExceededError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  ValidationError,
} from './errors.ts';
import { buildEnvelope, correlationIdOf, eventTimeMs, withReplayName } from './event-envelope.ts';
import { InvalidPlaceholderError } from './input-template.ts';
import { JsonPathSyntaxError } from './json-path.ts';
import { FileArchiveJournal } from './archive-journal.ts';
import { LocalArchive } from './local-archive.ts';
import type { DeliveryStore } from './target-deliveries.ts';
import { LocalEventBus } from './local-event-bus.ts';
import { ACTIVE_REPLAY_STATES, minuteSlices, type LocalReplay } from './local-replay.ts';
import type { LocalRule, RuleState } from './local-rule.ts';
import { compilePattern, InvalidEventPatternError } from './patterns/index.ts';
import { checkPutEventsEntry, checkPutEventsRequest } from './put-events-entries.ts';
import { objectCreatedDetail, objectDeletedDetail, type S3ObjectCreatedInput, type S3ObjectDeletedInput } from './s3-object-event.ts';
import { TargetDeliveries } from './target-deliveries.ts';
import { parseScheduleExpression } from '../scheduler/schedule-expression.ts';
import type { EventBridgeActivity, EventBridgeServiceOptions, EventBridgeTopology, EventEnvelope, ReplayState, RuleChange } from './types.ts';

/** The topology describes something EventBridge would not have deployed; the message names the resource. */
export class EventBridgeTopologyError extends Error {
  override readonly name = 'EventBridgeTopologyError';
}

export interface PutEventsResult {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

export interface PutRuleInput {
  name: string;
  eventBusName?: string;
  /** JSON text. */
  eventPattern?: string;
  scheduleExpression?: string;
  state?: RuleState;
  description?: string;
  roleArn?: string;
}

export interface StartReplayInput {
  name: string;
  description?: string;
  /** ARN of the archive to replay. */
  eventSourceArn: string;
  /** Epoch milliseconds. */
  eventStartTime: number;
  eventEndTime: number;
  destination: { arn: string; filterArns?: string[] };
}

/** Per-entry PutEvents faults `--chaos` may inject (one per entry at most). */
const PUT_EVENTS_FAULTS = ['putevents.internal', 'putevents.throttle'] as const;

/**
 * EventBridge, locally: the buses, rules, targets and archives of the topology (plus the default bus), PutEvents
 * with AWS's validation and per-entry results, matching through one compiled RuleSet per bus, delivery with input
 * settings, retry policy and dead-letter queues, archives and replays, and the events S3 sends for buckets with
 * EventBridge notifications on. Everything time-based runs on the injected clock.
 *
 * @example
 * const events = new EventBridgeService(topology, {
 *   clock,
 *   targets: { lambda: (arn, payload) => lambda.invokeAsync(arn, payload), sqs, kinesis, eventBus },
 *   onActivity: (activity) => liveLog.eventBridge(activity),
 * });
 * events.putEvents([{ Source: 'eventful.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(detail) }]);
 * // { FailedEntryCount: 0, Entries: [{ EventId: '…' }] }; matching targets receive the event
 */
export class EventBridgeService {
  readonly #placement: Placement;
  readonly #clock: Clock;
  readonly #onActivity: (activity: EventBridgeActivity) => void;
  readonly #unknownEventBus: 'accept' | 'reject';
  readonly #replaySliceDelayMs: number;
  readonly #deliveries: TargetDeliveries;
  readonly #buses = new Map<string, LocalEventBus>();
  readonly #archives = new Map<string, LocalArchive>();
  readonly #replays = new Map<string, LocalReplay>();
  readonly #replaysRunning = new Set<Promise<void>>();
  readonly #buckets: Map<string, BucketSpec>;
  readonly #stopping = new AbortController();
  readonly #ruleListeners = new Set<(change: RuleChange) => void>();
  readonly #deliveryStore: DeliveryStore | undefined;
  readonly #chaos: Chaos | undefined;
  #sequence = 0;

  constructor(topology: EventBridgeTopology, options: EventBridgeServiceOptions) {
    this.#placement = { accountId: topology.accountId, region: topology.region };
    this.#clock = options.clock ?? systemClock;
    this.#onActivity = options.onActivity ?? (() => {});
    this.#unknownEventBus = options.unknownEventBus ?? 'accept';
    this.#replaySliceDelayMs = options.replaySliceDelayMs ?? 0;
    this.#deliveries = new TargetDeliveries({
      clock: this.#clock,
      dispatcher: options.targets,
      random: options.random ?? Math.random,
      activity: this.#onActivity,
      ...(options.deliveryStore ? { store: options.deliveryStore } : {}),
      ...(options.chaos ? { chaos: options.chaos } : {}),
    });
    this.#deliveryStore = options.deliveryStore;
    this.#chaos = options.chaos;
    this.#buckets = new Map(topology.buckets.map((bucket) => [bucket.name, bucket]));

    const now = this.#clock.now();
    this.#buses.set(DEFAULT_EVENT_BUS, new LocalEventBus(DEFAULT_EVENT_BUS, eventBusArn(this.#placement, DEFAULT_EVENT_BUS), now));
    for (const bus of topology.eventBuses) {
      if (!this.#buses.has(bus.name)) this.#buses.set(bus.name, new LocalEventBus(bus.name, bus.arn, now));
    }
    for (const spec of topology.rules) this.#loadRule(spec);
    for (const spec of topology.archives) {
      const bus = this.findBus(spec.sourceArn);
      if (!bus) throw new EventBridgeTopologyError(`Archive ${spec.name}: source event bus ${spec.sourceArn} is not in the topology`);
      const archive = new LocalArchive(spec.name, spec.arn, bus.arn, spec.eventPattern && JSON.stringify(spec.eventPattern), spec.retentionDays, now);
      if (options.archiveDir) archive.keepIn(new FileArchiveJournal(options.archiveDir, archive.name), now);
      this.#archives.set(archive.name, archive);
      try {
        bus.addArchive(archive);
      } catch (error) {
        throw new EventBridgeTopologyError(`Archive ${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Service clock time, epoch milliseconds. */
  now(): number {
    return this.#clock.now();
  }

  get accountId(): string {
    return this.#placement.accountId;
  }

  get region(): string {
    return this.#placement.region;
  }

  // ---- Events in ------------------------------------------------------------------------------------------

  /**
   * PutEvents: checks the request (1 to 10 entries, total size), then each entry (AWS's error codes and messages,
   * in the entry's position), and routes each valid entry's event to the rules of its bus.
   *
   * @throws ValidationError failing the whole call, as AWS does.
   */
  putEvents(entries: readonly PutEventsRequestEntry[]): PutEventsResult {
    checkPutEventsRequest(entries);
    const chaos = this.#chaos;
    const results = entries.map((entry) => {
      // `--chaos`: a retryable per-entry failure in an otherwise successful answer; the event is not put.
      const fault = chaos?.strikeOne(PUT_EVENTS_FAULTS, `PutEvents ${entry.EventBusName ?? DEFAULT_EVENT_BUS} ${entry.DetailType ?? ''}`);
      return fault ? putEventsEntryFault(fault) : this.#putEntry(entry);
    });
    return { FailedEntryCount: results.filter((result) => result.ErrorCode !== undefined).length, Entries: results };
  }

  /**
   * Routes an event that already has its envelope (another bus forwarding it, a service event) onto a bus.
   * Returns false when the bus does not exist.
   */
  routeEvent(busNameOrArn: string, event: EventEnvelope): boolean {
    const bus = this.findBus(busNameOrArn);
    if (!bus) return false;
    this.#route(bus, event, this.#clock.now(), {});
    return true;
  }

  /**
   * Sends the "Scheduled Event" of a rule with a `ScheduleExpression` to the rule's targets, as EventBridge does
   * when the schedule fires: `source` `aws.events`, `resources` the rule's ARN, `detail` `{}`.
   */
  fireScheduledRule(ruleName: string, eventBusName?: string): string {
    const { bus, rule } = this.#requireRule(ruleName, eventBusName);
    const now = this.#clock.now();
    const event = buildEnvelope({
      id: randomUUID(),
      source: 'aws.events',
      detailType: 'Scheduled Event',
      ...this.#where(),
      timeMs: now,
      resources: [rule.arn],
      detail: {},
    });
    this.#report({ type: 'received', at: now, eventId: event.id, busName: bus.name, source: event.source, detailType: event['detail-type'], event });
    this.#report({ type: 'matched', at: now, eventId: event.id, busName: bus.name, rules: [rule.name] });
    this.#deliver(bus, rule, event, now);
    return event.id;
  }

  /**
   * The "Object Created" event S3 sends to the default bus for a bucket with EventBridge notifications on.
   * Returns the event id, or undefined when the bucket does not send to EventBridge (or is not in the topology).
   */
  s3ObjectCreated(input: S3ObjectCreatedInput): string | undefined {
    return this.#s3Event(input.bucket, 'Object Created', input.time, objectCreatedDetail(input, this.#s3Defaults()));
  }

  /** The "Object Deleted" event, likewise. */
  s3ObjectDeleted(input: S3ObjectDeletedInput): string | undefined {
    return this.#s3Event(input.bucket, 'Object Deleted', input.time, objectDeletedDetail(input, this.#s3Defaults()));
  }

  /**
   * TestEventPattern: whether `pattern` matches `event` (both JSON text). The event must be a JSON object with
   * `id`, `account`, `source`, `time`, `region` and `detail-type`.
   *
   * @throws ValidationError `Parameter Event is not valid.`, InvalidEventPatternApiError.
   */
  testEventPattern(pattern: string, event: string): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(event);
    } catch {
      throw new ValidationError('Parameter Event is not valid.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !TEST_EVENT_REQUIRED_FIELDS.every((field) => Object.hasOwn(parsed, field))) {
      throw new ValidationError('Parameter Event is not valid.');
    }
    return patternCall(() => compilePattern(pattern))(parsed);
  }

  // ---- Buses and rules --------------------------------------------------------------------------------------

  /** A bus by name or ARN; no name means the default bus. */
  findBus(nameOrArn?: string): LocalEventBus | undefined {
    if (!nameOrArn) return this.#buses.get(DEFAULT_EVENT_BUS);
    if (nameOrArn.startsWith('arn:')) return [...this.#buses.values()].find((bus) => bus.arn === nameOrArn);
    return this.#buses.get(nameOrArn);
  }

  /** @throws ResourceNotFoundError `Event bus <name> does not exist.` */
  requireBus(nameOrArn?: string): LocalEventBus {
    const bus = this.findBus(nameOrArn);
    if (!bus) throw new ResourceNotFoundError(`Event bus ${busNameOf(nameOrArn)} does not exist.`);
    return bus;
  }

  /** Buses sorted by name, as ListEventBuses returns them. */
  buses(): LocalEventBus[] {
    return [...this.#buses.values()].sort((a, b) => compare(a.name, b.name));
  }

  /** @throws ResourceNotFoundError for an unknown bus or rule, with AWS's messages. */
  describeRule(name: string, eventBusName?: string): LocalRule {
    return this.#requireRule(name, eventBusName).rule;
  }

  /**
   * PutRule: creates or updates a rule (an updated rule keeps its targets). A runtime change, not written back to
   * the template.
   *
   * @throws ValidationError, InvalidEventPatternApiError, ResourceNotFoundError
   */
  putRule(input: PutRuleInput): LocalRule {
    const bus = this.requireBus(input.eventBusName);
    if (input.eventPattern === undefined && input.scheduleExpression === undefined) {
      throw new ValidationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.scheduleExpression !== undefined && bus.name !== DEFAULT_EVENT_BUS) {
      throw new ValidationError('ScheduleExpression is supported only on the default event bus.');
    }
    if (input.scheduleExpression !== undefined && !isValidRuleSchedule(input.scheduleExpression)) {
      throw new ValidationError('Parameter ScheduleExpression is not valid.');
    }
    const rule: LocalRule = {
      name: input.name,
      arn: ruleArn(this.#placement, bus.name, input.name),
      busName: bus.name,
      state: input.state ?? 'ENABLED',
      targets: bus.rule(input.name)?.targets ?? new Map(),
      ...definedOnly({
        eventPattern: input.eventPattern,
        scheduleExpression: input.scheduleExpression,
        description: input.description,
        roleArn: input.roleArn,
      }),
    };
    patternCall(() => bus.putRule(rule));
    this.#ruleChanged({ type: 'put', rule: ruleOf(rule) });
    return rule;
  }

  /**
   * Calls `listener` after each runtime change to a rule (PutRule, DeleteRule, EnableRule, DisableRule), so the
   * scheduler fires rules created at runtime with a `ScheduleExpression`. Returns the unsubscribe function.
   */
  onRuleChange(listener: (change: RuleChange) => void): () => void {
    this.#ruleListeners.add(listener);
    return () => this.#ruleListeners.delete(listener);
  }

  #ruleChanged(change: RuleChange): void {
    for (const listener of this.#ruleListeners) listener(change);
  }

  /**
   * DeleteRule: AWS succeeds for a rule that does not exist, and refuses one that still has targets.
   *
   * @throws ValidationError, ResourceNotFoundError (unknown bus)
   */
  deleteRule(name: string, eventBusName?: string): void {
    const bus = this.requireBus(eventBusName);
    const rule = bus.rule(name);
    if (!rule) return;
    if (rule.targets.size > 0) throw new ValidationError("Rule can't be deleted since it has targets.");
    bus.deleteRule(name);
    this.#ruleChanged({ type: 'deleted', name, eventBusName: bus.name });
  }

  /** EnableRule / DisableRule. */
  setRuleState(name: string, eventBusName: string | undefined, state: RuleState): void {
    const { bus, rule } = this.#requireRule(name, eventBusName);
    bus.setRuleState(rule, state);
    this.#ruleChanged({ type: 'put', rule: ruleOf(rule) });
  }

  /**
   * PutTargets: adds or replaces targets by id, checked as AWS checks them.
   *
   * @throws ValidationError, LimitExceededError (more than 5 targets), ResourceNotFoundError
   */
  putTargets(ruleName: string, eventBusName: string | undefined, targets: readonly TargetSpec[]): void {
    const { rule } = this.#requireRule(ruleName, eventBusName);
    const compiled = targets.map((target) => compileApiTarget(target));
    const ids = new Set([...rule.targets.keys(), ...targets.map((target) => target.id)]);
    if (ids.size > TARGETS_PER_RULE) throw new LimitExceededError();
    for (const target of compiled) rule.targets.set(target.spec.id, target);
  }

  /** RemoveTargets: ids the rule does not have are ignored. */
  removeTargets(ruleName: string, eventBusName: string | undefined, ids: readonly string[]): void {
    const { rule } = this.#requireRule(ruleName, eventBusName);
    for (const id of ids) rule.targets.delete(id);
  }

  /**
   * Makes the target deliveries a previous run kept (`deliveryStore`) and had not finished, from their first
   * attempt. A delivery whose rule or target no longer exists is forgotten. Returns how many were resumed.
   */
  resumeDeliveries(): number {
    const store = this.#deliveryStore;
    if (!store) return 0;
    let resumed = 0;
    for (const stored of store.load()) {
      const bus = this.findBus(stored.busName);
      const rule = bus?.rule(stored.ruleName);
      const target = rule?.targets.get(stored.targetId);
      if (!bus || !rule || !target) {
        store.remove(stored.id);
        continue;
      }
      this.#deliveries.start(
        { event: stored.event, ingestedAt: stored.ingestedAt, busName: bus.name, rule: { name: rule.name, arn: rule.arn }, target },
        stored.id,
      );
      resumed += 1;
    }
    return resumed;
  }

  // ---- Archives and replays ---------------------------------------------------------------------------------

  /** Archives sorted by name. */
  archives(): LocalArchive[] {
    return [...this.#archives.values()].sort((a, b) => compare(a.name, b.name));
  }

  /** @throws ResourceNotFoundError `Archive <name> does not exist.` */
  requireArchive(name: string): LocalArchive {
    const archive = this.#archives.get(name);
    if (!archive) throw new ResourceNotFoundError(`Archive ${name} does not exist.`);
    return archive;
  }

  /**
   * StartReplay: re-sends the archive's events whose `time` is in the window to its bus's rules (all, or those in
   * `FilterArns`), with `replay-name` added, one minute of events after the other. Answers at once in `STARTING`.
   *
   * @throws ValidationError, ResourceAlreadyExistsError, ResourceNotFoundError with AWS's messages.
   */
  startReplay(input: StartReplayInput): LocalReplay {
    const archiveName = resourceNameOf(input.eventSourceArn, 'archive');
    const archive = archiveName === undefined ? undefined : this.#archives.get(archiveName);
    if (!archive || archive.arn !== input.eventSourceArn) {
      throw new ValidationError(`Parameter EventSourceArn is not valid. Reason: Archive ${archiveName ?? input.eventSourceArn} does not exist.`);
    }
    if (this.#replays.has(input.name)) throw new ResourceAlreadyExistsError(`Replay ${input.name} already exists.`);
    if (input.eventEndTime <= input.eventStartTime) {
      throw new ValidationError('Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.');
    }
    if (input.destination.arn !== archive.sourceArn) {
      if (this.findBus(input.destination.arn))
        throw new ValidationError('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
      throw new ResourceNotFoundError(`Event bus ${busNameOf(input.destination.arn)} does not exist.`);
    }
    const bus = this.requireBus(archive.sourceArn);
    for (const filterArn of input.destination.filterArns ?? []) {
      if (!bus.rules().some((rule) => rule.arn === filterArn)) {
        throw new ResourceNotFoundError(`Rule ${filterArn.split('/').at(-1)} does not exist on EventBus ${bus.name}.`);
      }
    }

    const replay: LocalReplay = {
      name: input.name,
      arn: replayArn(this.#placement, input.name),
      ...definedOnly({ description: input.description }),
      eventSourceArn: archive.arn,
      destination: { arn: input.destination.arn, ...definedOnly({ filterArns: input.destination.filterArns }) },
      eventStartTime: input.eventStartTime,
      eventEndTime: input.eventEndTime,
      state: 'STARTING',
      replayStartTime: this.#clock.now(),
      eventsReplayed: 0,
    };
    this.#replays.set(replay.name, replay);
    const running = this.#runReplay(replay, archive, bus).finally(() => this.#replaysRunning.delete(running));
    this.#replaysRunning.add(running);
    return replay;
  }

  /** @throws ResourceNotFoundError `Replay <name> does not exist.` */
  requireReplay(name: string): LocalReplay {
    const replay = this.#replays.get(name);
    if (!replay) throw new ResourceNotFoundError(`Replay ${name} does not exist.`);
    return replay;
  }

  /** Replays sorted by name. */
  replays(): LocalReplay[] {
    return [...this.#replays.values()].sort((a, b) => compare(a.name, b.name));
  }

  /**
   * CancelReplay: a replay still starting or running moves to `CANCELLING`, then `CANCELLED` before its next slice.
   *
   * @throws IllegalStatusError for a replay that already ended, ResourceNotFoundError.
   */
  cancelReplay(name: string): LocalReplay {
    const replay = this.requireReplay(name);
    if (!ACTIVE_REPLAY_STATES.includes(replay.state)) throw new IllegalStatusError(`Replay ${name} is not in a valid state for this operation.`);
    this.#setReplayState(replay, 'CANCELLING');
    return replay;
  }

  // ---- Lifecycle ----------------------------------------------------------------------------------------------

  /** Resolves when no delivery or replay is in progress (with a clock that moves on its own). */
  async drained(): Promise<void> {
    while (this.#replaysRunning.size > 0 || this.#deliveries.size > 0) {
      await Promise.allSettled([...this.#replaysRunning]);
      await this.#deliveries.drained();
    }
  }

  /** Deliveries and replays in progress. */
  get pending(): number {
    return this.#replaysRunning.size + this.#deliveries.size;
  }

  /** Abandons retries and replays in progress; nothing more is sent. */
  stop(): void {
    this.#stopping.abort(new Error('EventBridge service stopped'));
    this.#deliveries.stop();
  }

  // ---- Internals ----------------------------------------------------------------------------------------------

  #loadRule(spec: RuleSpec): void {
    const bus = this.findBus(spec.eventBusName);
    if (!bus) throw new EventBridgeTopologyError(`Rule ${spec.name}: event bus ${spec.eventBusName} is not in the topology`);
    const targets = new Map<string, CompiledTarget>();
    for (const target of spec.targets) {
      try {
        targets.set(target.id, compileTarget(target));
      } catch (error) {
        throw new EventBridgeTopologyError(`Rule ${spec.name}, target ${target.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const rule: LocalRule = {
      name: spec.name,
      arn: spec.arn,
      busName: bus.name,
      state: spec.state,
      targets,
      ...definedOnly({
        eventPattern: spec.eventPattern && JSON.stringify(spec.eventPattern),
        scheduleExpression: spec.scheduleExpression,
        description: spec.description,
      }),
    };
    try {
      bus.putRule(rule);
    } catch (error) {
      throw new EventBridgeTopologyError(`Rule ${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #putEntry(entry: PutEventsRequestEntry): PutEventsResultEntry {
    const checked = checkPutEventsEntry(entry);
    if (!checked.ok) return checked.result;
    const now = this.#clock.now();
    const event = buildEnvelope({
      id: randomUUID(),
      source: entry.Source!,
      detailType: entry.DetailType!,
      ...this.#where(),
      timeMs: entry.Time ? entry.Time.getTime() : now,
      resources: entry.Resources ?? [],
      detail: checked.detail,
    });
    const bus = this.findBus(entry.EventBusName);
    if (!bus) {
      if (this.#unknownEventBus === 'reject') {
        return {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: `Parameter EventBusName is not valid. Reason: Event bus ${busNameOf(entry.EventBusName)} does not exist.`,
        };
      }
      this.#report({ type: 'bus-not-found', at: now, eventId: event.id, busName: busNameOf(entry.EventBusName), ...correlation(event) });
      return { EventId: event.id };
    }
    this.#route(bus, event, now, {});
    return { EventId: event.id };
  }

  #route(bus: LocalEventBus, event: EventEnvelope, ingestedAt: number, options: { filterArns?: ReadonlySet<string> }): void {
    const base = { at: ingestedAt, eventId: event.id, busName: bus.name, ...correlation(event) };
    const replayName = event['replay-name'];
    this.#report({ type: 'received', ...base, source: event.source, detailType: event['detail-type'], event, ...definedOnly({ replayName }) });
    for (const archive of bus.archivesFor(event)) {
      archive.store(event, ingestedAt);
      this.#report({ type: 'archived', ...base, archiveName: archive.name });
    }
    const rules = bus.match(event).filter((rule) => !options.filterArns || options.filterArns.has(rule.arn));
    this.#report({ type: 'matched', ...base, rules: rules.map((rule) => rule.name) });
    for (const rule of rules) this.#deliver(bus, rule, event, ingestedAt);
  }

  #deliver(bus: LocalEventBus, rule: LocalRule, event: EventEnvelope, ingestedAt: number): void {
    if (this.#stopping.signal.aborted) return;
    for (const target of rule.targets.values()) {
      this.#deliveries.start({ event, ingestedAt, busName: bus.name, rule: { name: rule.name, arn: rule.arn }, target });
    }
  }

  async #runReplay(replay: LocalReplay, archive: LocalArchive, bus: LocalEventBus): Promise<void> {
    await nextTurn();
    if (cancelling(replay)) return this.#endReplay(replay, 'CANCELLED');
    this.#setReplayState(replay, 'RUNNING');
    const events = archive.eventsBetween(replay.eventStartTime, replay.eventEndTime, this.#clock.now());
    const filterArns = replay.destination.filterArns && new Set(replay.destination.filterArns);
    for (const slice of minuteSlices(events, eventTimeMs)) {
      if (this.#stopping.signal.aborted) return;
      if (cancelling(replay)) return this.#endReplay(replay, 'CANCELLED');
      for (const event of slice) {
        this.#route(bus, withReplayName(event, replay.name), this.#clock.now(), filterArns ? { filterArns } : {});
        replay.eventsReplayed += 1;
        replay.eventLastReplayedTime = eventTimeMs(event);
      }
      if (this.#replaySliceDelayMs > 0) await this.#clock.sleep(this.#replaySliceDelayMs, this.#stopping.signal).catch(() => undefined);
      else await nextTurn();
    }
    if (cancelling(replay)) return this.#endReplay(replay, 'CANCELLED');
    this.#endReplay(replay, 'COMPLETED');
  }

  #endReplay(replay: LocalReplay, state: 'COMPLETED' | 'CANCELLED'): void {
    replay.replayEndTime = this.#clock.now();
    this.#setReplayState(replay, state);
  }

  #setReplayState(replay: LocalReplay, state: ReplayState): void {
    replay.state = state;
    // A replay's destination is always its archive's own bus.
    const busName = busNameOf(replay.destination.arn);
    this.#report({ type: 'replay-state', at: this.#clock.now(), replayName: replay.name, busName, state, eventsReplayed: replay.eventsReplayed });
  }

  #s3Event(bucketName: string, detailType: 'Object Created' | 'Object Deleted', time: Date | undefined, detail: Record<string, unknown>): string | undefined {
    if (!this.#buckets.get(bucketName)?.eventBridgeEnabled) return undefined;
    const now = this.#clock.now();
    const event = buildEnvelope({
      id: randomUUID(),
      source: 'aws.s3',
      detailType,
      ...this.#where(),
      timeMs: time ? time.getTime() : now,
      resources: [bucketArn(bucketName)],
      detail,
    });
    this.#route(this.requireBus(DEFAULT_EVENT_BUS), event, now, {});
    return event.id;
  }

  #s3Defaults(): { requester: string; requestId: string; sequencer: string; sourceIp: string } {
    // S3 sequencers are hex strings that grow for later changes of one key; ours grow for every change.
    const sequencer = (BigInt(this.#clock.now()) * 1000n + BigInt(this.#sequence++ % 1000)).toString(16).toUpperCase().padStart(16, '0');
    return { requester: this.#placement.accountId, requestId: s3RequestId(), sequencer, sourceIp: LOCAL_SOURCE_IP };
  }

  #requireRule(name: string, eventBusName: string | undefined): { bus: LocalEventBus; rule: LocalRule } {
    const bus = this.requireBus(eventBusName);
    const rule = bus.rule(name);
    if (!rule) throw new ResourceNotFoundError(`Rule ${name} does not exist on EventBus ${bus.name}.`);
    return { bus, rule };
  }

  #where(): { account: string; region: string } {
    return { account: this.#placement.accountId, region: this.#placement.region };
  }

  #report(activity: EventBridgeActivity): void {
    this.#onActivity(activity);
  }
}

/** Runs a pattern operation, turning the validator's error into the API's `InvalidEventPatternException`. */
function patternCall<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw new InvalidEventPatternApiError(error);
    throw error;
  }
}

/** A target from the API, compiled, with AWS's PutTargets checks and messages. */
function compileApiTarget(target: TargetSpec): CompiledTarget {
  const inputs = [target.input, target.inputPath, target.inputTransformer].filter((value) => value !== undefined).length;
  if (inputs > 1) throw new ValidationError(`Only one of Input, InputPath, or InputTransformer must be provided for target ${target.id}.`);
  if (target.input !== undefined) {
    try {
      JSON.parse(target.input);
    } catch {
      throw new ValidationError(`Parameter Input is not valid. Reason: Input for target ${target.id} is not valid JSON text.`);
    }
  }
  try {
    return compileTarget(target);
  } catch (error) {
    if (error instanceof InvalidPlaceholderError)
      throw new ValidationError(`InputTemplate for target ${target.id} contains invalid placeholder ${error.placeholder}.`);
    if (error instanceof JsonPathSyntaxError) throw new ValidationError(`Target ${target.id}: ${error.message}`);
    throw error;
  }
}

function correlation(event: EventEnvelope): { correlationId?: string } {
  const correlationId = correlationIdOf(event);
  return correlationId === undefined ? {} : { correlationId };
}

/** The properties whose value is not undefined (for `exactOptionalPropertyTypes`-style objects). */
function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// A function, not an inline comparison: CancelReplay changes the state while the replay awaits.
const cancelling = (replay: LocalReplay): boolean => replay.state === 'CANCELLING';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** 16 characters of S3's request id alphabet. */
function s3RequestId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function ruleOf(rule: LocalRule): Extract<RuleChange, { type: 'put' }>['rule'] {
  return {
    name: rule.name,
    eventBusName: rule.busName,
    arn: rule.arn,
    ...(rule.scheduleExpression === undefined ? {} : { scheduleExpression: rule.scheduleExpression }),
    state: rule.state,
  };
}

/**
 * PutRule refuses what a scheduled rule cannot run: `rate(1 hours)`, `rate(5 hour)`, a cron without `?` in one
 * of its day fields, `at()`; AWS answers each with the same message.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
function isValidRuleSchedule(expression: string): boolean {
  try {
    parseScheduleExpression(expression, 'rule');
    return true;
  } catch {
    return false;
  }
}
