import { join } from 'node:path';
import { Chaos, describeChaosSpec, describeChaosSummary, parseChaosSpec, type ChaosSpec } from '../chaos/index.ts';
import { acceleratedClock, systemClock, type Clock } from '../clock.ts';
import { startEndpoint, DEFAULT_ENDPOINT_PORT, type RunningEndpoint } from '../endpoint/index.ts';
import { startEngines, type EngineWrite, type Engines } from '../engines/index.ts';
import { EventSourceMappings, FileCheckpointStore, WorkSignals } from '../esm/index.ts';
import { EventBridgeService, FileDeliveryStore, handleEventsRequest } from '../eventbridge/index.ts';
import { DeadLetters, EXPLORER_PATH, explorerRoutes, ObservationFeed } from '../explorer/index.ts';
import { HttpApiServer } from '../http-api/index.ts';
import { FileAsyncInvocationStore, LambdaService } from '../lambda/index.ts';
import { loadTopology } from '../loader/index.ts';
import { provisionTopology, type ProvisionedTopology } from '../provision/index.ts';
import { FileLastFireStore, SchedulerService, type SchedulerScheduleSpec } from '../scheduler/index.ts';
import { handleSecretsRequest, LocalSecretsManager } from '../secrets/index.ts';
import type { LocalTopology } from '../topology/types.ts';
import { adminRoutes } from './admin-routes.ts';
import { summarizeWarnings, UnsupportedTemplateError } from './errors.ts';
import { LiveLog } from './live-log.ts';
import { drainForStop } from './orderly-stop.ts';
import { quietState, whenQuiet, type QuietParts, type QuietState } from './quiet.ts';
import { reservePort } from './ports.ts';
import { runtimeStatus } from './runtime-status.ts';
import { scheduleRuntimeRules } from './scheduled-rules.ts';
import { describeEngineTimes, StartTimeline } from './start-timeline.ts';
import { TargetRouter } from './target-router.ts';

/** The HTTP API's port when none is given. */
export const DEFAULT_API_PORT = 3000;

/** How long `whenQuiet` waits when not told to wait otherwise. */
const DEFAULT_QUIET_TIMEOUT_MS = 5 * 60_000;

export interface LocalRuntimeOptions {
  /** The cloud assembly `cdk synth` wrote (`cdk.out`). */
  assemblyDir: string;
  /** The AWS-compatible endpoint; 0 = a free port. @default 4566 */
  port?: number;
  /** The HTTP API; 0 = a free port. @default 3000 */
  apiPort?: number;
  /**
   * Everything that makes a restart resume where the previous run stopped lives there: the engines' data, each
   * stream mapping's checkpoints and open tumbling windows, unfinished asynchronous invocations, schedules' last
   * fire times and the archives (`state/`). In memory when absent.
   */
  persistDir?: string;
  clock?: Clock;
  /** The live log; silent when absent. */
  log?: LiveLog;
  /**
   * Fault injection (`--chaos`): a spec such as `seed=42,rate=0.05` or `seed=7,lambda.timeout=0.1` (see
   * local/chaos), or one already parsed. Each injected fault is marked in the live log; the summary is at
   * `GET /_eventful/chaos` and written to the log at stop. @default none: no fault, no cost
   */
  chaos?: string | ChaosSpec;
  /**
   * Engines already running or starting (`npm start` starts them while it synthesizes the app; a restart after the
   * app changed reuses them): used as they are, tables, queues and streams included, and left running by `stop()`.
   * The assembly is loaded while they start. @default started here, stopped by `stop()`
   */
  engines?: Engines | Promise<Engines>;
  /** Leave the engines this call starts running at `stop()`, for a restart on them (`runtime.engines.stop()` ends them). */
  keepEngines?: boolean;
  /** Where the start's phases are recorded (loading, engines, provisioning, services), for a breakdown. @default none */
  timeline?: StartTimeline;
  /**
   * Where the emulation's own state lives (stream positions, async invocations, deliveries, last fires, archives),
   * when it should outlive a restart without `persistDir`. @default `persistDir/state`, else in memory
   */
  stateDir?: string;
  /** The app's OpenAPI document, served by the explorer at `/_eventful/explorer/api/openapi`. @default none */
  openApiPath?: string;
  /**
   * Shortens the waits the runtime makes on AWS's behalf by this factor: retry delays and backoffs (Lambda's
   * asynchronous retries, EventBridge's target retries, stream retries), polling pauses, and the visibility timeout
   * an undeleted SQS message waits out (failed batch, crashed consumer). Timestamps, function timeouts, tumbling
   * windows and schedules keep real time. For soaks under `chaos`, where every fault would otherwise cost minutes.
   * Ignored when `clock` is given. @default 1 (AWS's waits)
   */
  timeScale?: number;
}

export interface LocalRuntime {
  /** `http://127.0.0.1:<port>`: set `AWS_ENDPOINT_URL` to it. */
  readonly endpointUrl: string;
  /** The HTTP API's base URL. */
  readonly apiUrl: string;
  readonly topology: LocalTopology;
  readonly engines: Engines;
  readonly provisioned: ProvisionedTopology;
  readonly lambda: LambdaService;
  readonly events: EventBridgeService;
  readonly mappings: EventSourceMappings;
  readonly scheduler: SchedulerService;
  /** The template's secrets behind GetSecretValue / DescribeSecret. */
  readonly secrets: LocalSecretsManager;
  readonly log: LiveLog;
  /** The fault injector when started with `chaos`: `chaos.summary()` counts what was injected. */
  readonly chaos: Chaos | undefined;
  /** The event explorer's page (`<endpoint>/_eventful/explorer/`). */
  readonly explorerUrl: string;
  /** What the explorer shows: a bounded journal of requests, events, deliveries and invocations. */
  readonly feed: ObservationFeed;
  /** Milliseconds from the call to everything accepting requests. */
  readonly readyInMs: number;
  /** What still has work now (`GET /_eventful/quiet` answers the same). */
  quietState(): Promise<QuietState>;
  /**
   * Resolves once nothing has work: no execution running, no asynchronous invocation or EventBridge delivery pending
   * (retries included), the event source mappings' queues empty and every stream read to its tip after the call
   * with no tumbling window open. Rejects after `timeoutMs` (default 5 minutes) naming what still had work.
   */
  whenQuiet(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<QuietState>;
  /**
   * Stops in order: first nothing new is taken in (HTTP API, pollers, schedules) and every running invocation
   * finishes against a live endpoint; then the endpoint, the HTTP API and the engines close. `{ force: true }`
   * (a second Ctrl-C) stops waiting for invocations, also during a stop already under way. The engines' processes
   * are gone when it resolves.
   */
  stop(options?: { force?: boolean }): Promise<void>;
}

/**
 * Runs a synthesized CDK app offline: loads the assembly, starts and provisions the engines, then the emulated
 * services (Lambda, EventBridge, event source mappings, Scheduler, HTTP API) and the one AWS-compatible endpoint.
 *
 * @throws UnsupportedTemplateError when the template uses a resource or property flagged as an error.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const started = Date.now();
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 1)) throw new RangeError(`timeScale must be 1 or more (it divides waits), got ${timeScale}`);
  const clock = options.clock ?? (timeScale > 1 ? acceleratedClock(systemClock, timeScale) : systemClock);
  const log = options.log ?? new LiveLog({ sink: () => {} });
  const feed = new ObservationFeed();
  // Parsed first: a bad spec is refused before anything starts.
  const chaos = startChaos(options.chaos, log);
  // The port must be known before loading: queue URLs and function environments carry the endpoint's URL.
  // Checked before anything starts: a taken port found after DynamoDB Local's start-up would cost seconds.
  const endpointPort = await reservePort(options.port ?? DEFAULT_ENDPOINT_PORT, 'the AWS endpoint, --port');
  const apiPort = options.apiPort ?? DEFAULT_API_PORT;
  if (apiPort !== 0) await reservePort(apiPort, 'the HTTP API, --api-port');
  const endpointUrl = `http://127.0.0.1:${endpointPort}`;

  const timeline = options.timeline ?? new StartTimeline();
  const topology = await timeline.time('loading the assembly', () => loadTopology({ assemblyDir: options.assemblyDir, endpointUrl }));
  const errors = topology.unsupported.filter((u) => u.severity === 'error');
  log.describeFunctions(topology.functions);
  for (const line of summarizeWarnings(topology.unsupported.filter((u) => u.severity === 'warning'))) log.write('warn', line);
  if (errors.length > 0) throw new UnsupportedTemplateError(errors);

  // Each started piece pushes its stop; a failure part-way stops what already runs.
  const stops: Array<{ name: string; stop: () => Promise<void> | void }> = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log.write('error', `stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    stops.length = 0;
  };

  const stateDir = options.stateDir ?? (options.persistDir ? join(options.persistDir, 'state') : undefined);
  try {
    const engines =
      (await options.engines) ??
      (await timeline.time(
        'engines',
        () =>
          startEngines({
            ...(options.persistDir ? { persistDir: options.persistDir } : {}),
            log: (entry) => {
              if (entry.level === 'warn' || entry.level === 'error') log.write(entry.level, `${entry.engine}: ${entry.message}`);
            },
          }),
        (started) => describeEngineTimes(started.readyInMs),
      ));
    if (!options.engines && !options.keepEngines) stops.push({ name: 'engines', stop: () => engines.stop() });
    if (!options.engines) log.write('runtime', `engines started in ${engines.readyInMs.all} ms (${describeEngineTimes(engines.readyInMs)})`);

    const provisioned = await timeline.time('provisioning', () => provisionTopology(topology, engines));
    const servicesStarted = performance.now();
    // Writes seen passing (the endpoint's forwarding, the router's sends) wake the pollers of what they wrote.
    const signals = new WorkSignals();
    const onEngineWrite = (write: EngineWrite) => signals.notify(write);
    const router = new TargetRouter({ topology, engines, onEngineWrite });
    stops.push({ name: 'clients', stop: () => router.destroy() });

    const lambda = new LambdaService(topology.functions, {
      endpointUrl,
      region: topology.region,
      accountId: topology.accountId,
      clock,
      deliver: (arn, payload, details) => router.deliver(arn, payload, details),
      onLog: (line) => {
        feed.functionLine(line);
        log.functionLine(line);
      },
      onActivity: (activity) => {
        feed.lambda(activity);
        log.lambda(activity);
      },
      ...(chaos ? { chaos } : {}),
      ...(stateDir ? { asyncStore: new FileAsyncInvocationStore(join(stateDir, 'lambda-async-invocations.json')) } : {}),
    });
    stops.push({ name: 'lambda', stop: () => lambda.stop() });

    const events = new EventBridgeService(topology, {
      clock,
      targets: {
        lambda: (arn, payload) => router.invokeAsync(arn, JSON.parse(payload)),
        sqs: (arn, body, sqsOptions) => router.sendMessage(arn, body, sqsOptions),
        kinesis: (arn, data, partitionKey) => router.putRecord(arn, data, partitionKey),
        eventBus: async (arn, event) => router.routeEvent(arn, event),
      },
      onActivity: (activity) => {
        feed.eventBridge(activity);
        log.eventBridge(activity);
      },
      ...(chaos ? { chaos } : {}),
      ...(stateDir ? { archiveDir: join(stateDir, 'archives'), deliveryStore: new FileDeliveryStore(join(stateDir, 'eventbridge-deliveries.json')) } : {}),
    });
    stops.push({ name: 'eventbridge', stop: () => events.stop() });
    router.connect({ events, lambda });

    const unsubscribeS3 = engines.onS3ObjectEvent((event) => {
      if (event.detailType === 'Object Created') {
        events.s3ObjectCreated({ bucket: event.bucket, key: event.key, size: event.size ?? 0, etag: event.etag ?? '', time: event.time });
      } else {
        events.s3ObjectDeleted({ bucket: event.bucket, key: event.key, time: event.time });
      }
    });
    stops.push({ name: 's3 events', stop: unsubscribeS3 });

    const mappings = new EventSourceMappings(topology, {
      endpoints: { sqs: engines.sqs.endpoint, kinesis: engines.kinesis.endpoint, dynamodb: engines.dynamodb.endpoint },
      invoke: (functionName, event) => lambda.invoke(functionName, event),
      deliver: (arn, payload, details) => router.deliver(arn, payload, details),
      clock,
      signals,
      onActivity: (activity) => {
        feed.esm(activity);
        log.esm(activity);
      },
      ...(chaos ? { chaos } : {}),
      ...(timeScale > 1 && !options.clock ? { timeScale } : {}),
      ...(stateDir ? { checkpoints: new FileCheckpointStore(join(stateDir, 'esm-checkpoints')) } : {}),
    });
    await mappings.start();
    stops.push({ name: 'event source mappings', stop: () => mappings.stop() });

    const scheduler = new SchedulerService(
      { schedules: topology.schedules as SchedulerScheduleSpec[], rules: topology.rules },
      {
        accountId: topology.accountId,
        region: topology.region,
        clock,
        dispatch: {
          lambda,
          sqs: { sendMessage: (arn, body, sqsOptions) => router.sendMessage(arn, body, sqsOptions) },
          kinesis: { putRecord: (arn, data, partitionKey) => router.putRecord(arn, data, partitionKey) },
          eventBus: {
            putEvents: async (busArn, entries) => {
              const result = events.putEvents(
                entries.map((e) => ({
                  EventBusName: busArn,
                  Source: e.source,
                  DetailType: e.detailType,
                  Detail: e.detail,
                  Resources: e.resources,
                  Time: new Date(e.time),
                })),
              );
              if (result.FailedEntryCount) throw new Error(`PutEvents to ${busArn} failed: ${JSON.stringify(result.Entries)}`);
              return result;
            },
          },
          rule: async (rule) => events.fireScheduledRule(rule.name, rule.eventBusName),
        },
        onActivity: (activity) => {
          feed.scheduler(activity);
          log.scheduler(activity);
        },
        ...(stateDir ? { lastFires: new FileLastFireStore(join(stateDir, 'schedule-last-fires.json')) } : {}),
      },
    );
    scheduler.start();
    const unsubscribeRules = scheduleRuntimeRules(events, scheduler);
    stops.push({
      name: 'scheduler',
      stop: () => {
        unsubscribeRules();
        return scheduler.stop();
      },
    });

    const api = new HttpApiServer(topology.httpApis, {
      lambda,
      accountId: topology.accountId,
      region: topology.region,
      onActivity: (entry) => {
        feed.http(entry);
        log.http(entry);
      },
    });
    const { url: apiUrl } = await api.listen(apiPort);
    stops.push({ name: 'http api', stop: () => api.close() });

    const secrets = new LocalSecretsManager(topology.secrets, { clock, onActivity: (activity) => log.secrets(activity) });
    for (const { hint } of secrets.withoutValue()) log.write('warn', `warning: ${hint}; GetSecretValue fails until then`);

    const quietParts: QuietParts = { clock, lambda, events, mappings };

    const admin = adminRoutes({
      scheduler,
      log,
      chaos,
      status: () => runtimeStatus({ topology, sqsEndpoint: engines.sqs.endpoint, scheduler, lambda }),
      invoke: { topology, lambda },
      quietState: () => quietState(quietParts),
      whenQuiet: (timeoutMs) => whenQuiet(quietParts, { timeoutMs }),
    });
    const deadLetters = new DeadLetters({
      topology,
      sqsEndpoint: engines.sqs.endpoint,
      redeliver: {
        sendMessage: (arn, body, sqsOptions) => router.sendMessage(arn, body, sqsOptions),
        invokeAsync: (arn, payload) => router.invokeAsync(arn, payload),
      },
    });
    stops.push({ name: 'dead letters', stop: () => deadLetters.destroy() });
    const explorer = explorerRoutes({
      topology,
      feed,
      deadLetters,
      events,
      scheduler,
      dynamodbEndpoint: engines.dynamodb.endpoint,
      ...(options.openApiPath ? { openApiPath: options.openApiPath } : {}),
    });
    const endpoint: RunningEndpoint = await startEndpoint({
      port: endpointPort,
      engines,
      topology,
      arns: provisioned.arns,
      lambda,
      eventsHandler: (target, body) => handleEventsRequest(events, target, body),
      secretsHandler: (target, body) => handleSecretsRequest(secrets, target, body),
      admin: async (req, res) => (await explorer.handle(req, res)) || admin.handle(req, res),
      onEngineWrite,
      ...(chaos ? { chaos } : {}),
      onError: (error, request) =>
        log.write('error', `endpoint ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    stops.push({ name: 'endpoint', stop: () => endpoint.close() });
    stops.push({ name: 'activity streams', stop: () => admin.close() });
    stops.push({ name: 'explorer', stop: () => explorer.close() });

    // Last: the endpoint and the destinations they reach are up.
    const resumed = lambda.resumeAsyncInvocations();
    if (resumed > 0) log.write('runtime', `resumed ${resumed} asynchronous invocation(s) the previous run had not finished`);
    const redelivered = events.resumeDeliveries();
    if (redelivered > 0) log.write('runtime', `resumed ${redelivered} EventBridge target deliveries the previous run had not finished`);

    timeline.add('services', servicesStarted, performance.now());

    const force = new AbortController();
    const stopInOrder = async () => {
      await drainForStop({
        intake: [
          { name: 'HTTP API requests', drain: () => api.drain() },
          { name: 'event source mappings', drain: () => mappings.stop() },
          { name: 'schedules', drain: () => scheduler.stop() },
        ],
        lambda,
        log,
        keepsAsyncInvocations: stateDir !== undefined,
        force: force.signal,
        keepsEngines: options.engines !== undefined || options.keepEngines === true,
      });
      // Forced: what still runs is cut short first, so that nothing below waits for it.
      if (force.signal.aborted) await lambda.stop();
      await stopAll();
      if (chaos) for (const line of describeChaosSummary(chaos.summary())) log.write('chaos', line);
    };
    let stopping: Promise<void> | undefined;
    return {
      endpointUrl: endpoint.url,
      apiUrl,
      topology,
      engines,
      provisioned,
      lambda,
      events,
      mappings,
      scheduler,
      secrets,
      log,
      chaos,
      explorerUrl: `${endpoint.url}${EXPLORER_PATH}`,
      feed,
      readyInMs: Date.now() - started,
      quietState: () => quietState(quietParts),
      whenQuiet: (quietOptions) =>
        whenQuiet(quietParts, {
          timeoutMs: quietOptions?.timeoutMs ?? DEFAULT_QUIET_TIMEOUT_MS,
          ...(quietOptions?.signal ? { signal: quietOptions.signal } : {}),
        }),
      stop: (stopOptions) => {
        if (stopOptions?.force) force.abort();
        return (stopping ??= stopInOrder());
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The fault injector `chaos` asks for, marking each fault in the live log; undefined without it. */
function startChaos(chaos: string | ChaosSpec | undefined, log: LiveLog): Chaos | undefined {
  if (chaos === undefined) return undefined;
  const spec = typeof chaos === 'string' ? parseChaosSpec(chaos) : chaos;
  log.write('chaos', `chaos on: ${describeChaosSpec(spec)}`);
  return new Chaos(spec, { onInjected: ({ kind, where }) => log.write('chaos', `chaos ▸ ${kind} ${where}`) });
}
