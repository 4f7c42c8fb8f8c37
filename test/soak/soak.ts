import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_FAULT_KINDS, type ChaosSummary } from '../../local/chaos/index.ts';
import { NotQuietError, untilQuiet } from '../../local/runtime/index.ts';
import { sendActivity } from './drivers/activity.ts';
import { importCatalogFiles, importOrderCatalog, reportOf, type ImportReport } from './drivers/catalog-csv.ts';
import { expireUnpaidOrders, expireUntilNoneAwaits } from './drivers/expiry.ts';
import { emptyOrdersSent, placeOrders } from './drivers/orders.ts';
import { putPartnerEvents } from './drivers/put-events.ts';
import { sendWebhooks } from './drivers/webhooks.ts';
import { cpuAccount, cpuMark, type CpuAccount, type CpuMark } from './cpu-account.ts';
import { countEffects, type EffectCounts } from './effects.ts';
import { RequestTally } from './http-client.ts';
import { activityInvariants } from './invariants/activity.ts';
import type { CheckContext } from './invariants/context.ts';
import { deadLetterInvariant, redriveInvariant } from './invariants/dead-letters.ts';
import { importInvariants } from './invariants/imports.ts';
import type { InvariantResult } from './invariants/invariant.ts';
import { memoryFigures, memoryInvariant } from './invariants/memory.ts';
import { notificationInvariants } from './invariants/notifications.ts';
import { orderStreams } from './invariants/order-streams.ts';
import { orderInvariants } from './invariants/orders.ts';
import { outboxInvariants } from './invariants/outbox.ts';
import { stockInvariants } from './invariants/stock.ts';
import { webhookInvariants } from './invariants/webhooks.ts';
import type { SoakOptions } from './options.ts';
import { SoakRandom } from './prng.ts';
import { describeQuietBound, LEAST_QUIET_WAIT_MS, quietBound, type QuietBound } from './quiet-bound.ts';
import { RssSampler, type RssSample } from './rss-sampler.ts';
import { startSoakApp, type SoakApp } from './soak-app.ts';
import { readStores } from './stores.ts';
import { redriveDeadLetters } from './redrive.ts';

/** Inside the project: bundles leave the AWS SDK out, and functions resolve it from the project's node_modules. */
const ASSEMBLIES_DIR = fileURLToPath(new URL('../../.soak-assemblies/', import.meta.url));

/**
 * The app settings a soak synthesizes with: 5-second activity windows (so windows close during the run), a trending
 * threshold a hot product crosses in a window, and a one-minute payment window (so unpaid orders expire in the run).
 */
export const SOAK_CONTEXT = { 'eventful:activityWindowSeconds': 5, 'eventful:trendingThreshold': 25, 'eventful:paymentWindowMinutes': 1 } as const;

/** Partner events put on the bus, and poison ones among them. */
const PARTNER_EVENTS = 100;
const POISON_EVENTS = 3;
/** The longest payment window the soak waits out before firing the expiry (longer: it does not fire). */
const LONGEST_PAYMENT_WINDOW_TO_WAIT_MS = 2 * 60_000;

export interface SoakReport {
  seed: number;
  rate: number;
  options: Omit<SoakOptions, 'assemblyDir'>;
  durationsMs: Record<string, number>;
  sent: Record<string, number>;
  processed: Record<string, number>;
  injected: Record<string, number>;
  deadLettered: number;
  redriven: number;
  duplicatedEffects: number;
  lost: number;
  effects: EffectCounts;
  peakRssBytes: number;
  cpu: CpuAccount;
  rss: { peak: RssSample; atHalf: number; samples: number; series: RssSample[] };
  requests: { answered: Record<string, Record<string, number>>; retried: Record<string, number> };
  invariants: InvariantResult[];
  passed: number;
  failed: number;
}

/** Runs one soak; `progress` gets a line per phase. The app is stopped at the end, whatever happens. */
export async function runSoak(options: SoakOptions, progress: (line: string) => void = () => {}): Promise<SoakReport> {
  const durations: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    progress(`${name} …`);
    try {
      return await work();
    } finally {
      durations[name] = Date.now() - started;
      progress(`${name}: ${(durations[name] / 1000).toFixed(1)} s`);
    }
  };
  const started = Date.now();
  let synthesized: string | undefined;
  const assemblyDir =
    options.assemblyDir ??
    (await timed('synthesize', async () => {
      const { createEventfulApp } = await import('../../infra/eventful-app.ts');
      synthesized = join(ASSEMBLIES_DIR, `seed-${options.seed}-${process.pid}`);
      mkdirSync(ASSEMBLIES_DIR, { recursive: true });
      createEventfulApp({ outdir: synthesized, context: { ...SOAK_CONTEXT } }).synth();
      return synthesized;
    }));
  const cpu = cpuMark();
  const app = await timed('start the runtime with chaos', () =>
    startSoakApp({
      assemblyDir,
      rate: options.rate,
      seed: options.seed,
      timeScale: options.timeScale,
      ...(options.logPath ? { logPath: options.logPath } : {}),
    }),
  );
  const tally = new RequestTally();
  const sampler = new RssSampler({
    requests: () => Object.values(tally.sent).reduce((a, b) => a + b, 0),
    invocations: () => app.invocations(),
    environments: () => app.runtime.lambda.instanceCount(),
    environmentHeapBytes: () => app.runtime.lambda.instanceHeapBytes(),
  });
  await sampler.start();
  // What the drivers have sent so far, every 15 s: a long phase shows it moves.
  const ticker = setInterval(() => {
    const quiet = app.runtime.chaos ? ` chaos ${app.runtime.chaos.summary().total} faults;` : '';
    progress(`…${quiet} sent ${JSON.stringify(tally.sent)}`);
  }, 15_000);
  ticker.unref();
  try {
    return await soakDriven({ app, options, tally, sampler, timed, durations, started, cpu, progress });
  } finally {
    clearInterval(ticker);
    sampler.stop();
    await app.stop();
    if (synthesized) rmSync(synthesized, { recursive: true, force: true });
  }
}

/**
 * Waits until the runtime is quiet, as an invariant: a run that does not settle within the bound (work left running
 * or retrying for ever; the bound allows the app's longest chain of SQS redeliveries, {@link quietBound}) fails it
 * with what was still busy, and the stores are still read and checked, so the report says what that work had and
 * had not done.
 */
async function becameQuiet(app: SoakApp, bound: QuietBound, when: string): Promise<InvariantResult> {
  const name = `the runtime became quiet within the app's longest redelivery chain, at least ${LEAST_QUIET_WAIT_MS / 60_000} minutes (${when})`;
  const started = Date.now();
  const within = `within ${describeQuietBound(bound)}`;
  try {
    await untilQuiet(app.runtime, { timeoutMs: bound.ms });
    return { name, passed: true, detail: `quiet after ${((Date.now() - started) / 1000).toFixed(1)} s, ${within}` };
  } catch (error) {
    if (!(error instanceof NotQuietError)) throw error;
    return { name, passed: false, detail: `${error.message} (${within})` };
  }
}

/** What one run's phases share: the app under test, its options, the request tally, and the clocks. */
interface SoakRun {
  app: SoakApp;
  options: SoakOptions;
  tally: RequestTally;
  sampler: RssSampler;
  timed: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  durations: Record<string, number>;
  started: number;
  /** Where the CPU account starts: before the runtime did. */
  cpu: CpuMark;
  progress: (line: string) => void;
}

async function soakDriven({ app, options, tally, sampler, timed, durations, started, cpu, progress }: SoakRun): Promise<SoakReport> {
  const random = (name: string) => new SoakRandom(options.seed, name);
  const quiet = quietBound(app.runtime.topology.queues, options.timeScale);
  // Warm-up with chaos paused: every function's first environment starts without faults. A cold start is slow on a
  // loaded machine, and a fault that discards an environment makes the next request pay it again; AWS injects
  // neither a slow machine nor a fault before the first request, and the soak is about the faults.
  app.runtime.chaos?.pause();
  const {
    catalog,
    file: ordersFile,
    warmActivity,
  } = await timed('warm up with chaos paused: import the SKUs orders buy (CSV), a few requests', async () => {
    const imported = await importOrderCatalog(app, random('catalog'), options);
    const warm = await placeOrders(app, random('warm-up'), tally, {
      seed: options.seed,
      count: 2,
      catalog: imported.catalog,
      concurrency: 1,
      name: 'warm-up-order',
    });
    await sendWebhooks(app, random('warm-up'), tally, {
      seed: options.seed,
      count: 1,
      orders: { placed: warm.placed, complete: () => true },
      concurrency: 1,
      name: 'warm-up-delivery',
    });
    const warmActivity = await sendActivity(app, random('warm-up'), tally, {
      seed: options.seed,
      count: 20,
      skus: imported.catalog.skus,
      concurrency: 1,
      poison: false,
    });
    await app.runtime.whenQuiet({ timeoutMs: quiet.ms });
    return { ...imported, warmActivity };
  });
  app.runtime.chaos?.resume();
  const warmUpInvocations = sampler.sample().invocations;
  const [{ orders, deliveries }, catalogFiles, putEvents, activity] = await timed('drive orders, webhooks, CSV files, PutEvents and activity', () =>
    Promise.all([
      (async () => {
        // The webhooks pay orders as they are placed (within their payment window), alongside the orders driver.
        const placing = emptyOrdersSent();
        let placed = false;
        const [orders, deliveries] = await Promise.all([
          placeOrders(app, random('orders'), tally, {
            seed: options.seed,
            count: options.orders,
            catalog,
            concurrency: options.concurrency,
            sent: placing,
          }).finally(() => (placed = true)),
          sendWebhooks(app, random('webhooks'), tally, {
            seed: options.seed,
            count: options.webhooks,
            orders: { placed: placing.placed, complete: () => placed },
            concurrency: options.concurrency,
          }),
        ]);
        return { orders, deliveries };
      })(),
      importCatalogFiles(app, random('csv'), { seed: options.seed, files: options.csvFiles }),
      putPartnerEvents(app, { seed: options.seed, count: PARTNER_EVENTS, poison: POISON_EVENTS }),
      sendActivity(app, random('activity'), tally, { seed: options.seed, count: options.activity, skus: catalog.skus, concurrency: options.concurrency }),
    ]),
  );
  const driveEndedAt = Date.now();
  // The warm-up's events are in the stream too.
  activity.sent += warmActivity.sent;
  activity.accepted += warmActivity.accepted;
  activity.rejected += warmActivity.rejected;
  activity.failedRequests.push(...warmActivity.failedRequests);
  activity.poisonSequenceNumbers.push(...warmActivity.poisonSequenceNumbers);
  const windowMs = app.settings.paymentWindowMinutes * 60_000;
  const expiry = await timed('expire unpaid orders', async () => {
    const wait = orders.firstPlacedAt + windowMs - Date.now();
    // The expiry's time comes from the clock: waiting for it is waiting for the event, not a guess.
    if (wait > 0 && windowMs <= LONGEST_PAYMENT_WINDOW_TO_WAIT_MS) await sleep(wait + 1_000);
    return expireUnpaidOrders(app, orders.firstPlacedAt);
  });
  progress(`expiry: ${expiry.fired ? 'fired' : 'not fired'} (${expiry.reason})`);
  const quietUnderChaos = await timed('wait until the runtime is quiet (chaos on)', () => becameQuiet(app, quiet, 'chaos on'));
  const settleExpiry = async (when: string): Promise<{ rounds: number; left: number } | undefined> => {
    if (!expiry.fired || windowMs > LONGEST_PAYMENT_WINDOW_TO_WAIT_MS) return undefined;
    // Until every order's window is over, some rightly await payment: the last order was placed before the drive ended.
    const wait = driveEndedAt + windowMs + 1_000 - Date.now();
    if (wait > 0) await sleep(wait);
    const settled = await timed(`expire until no order awaits payment (${when})`, () => expireUntilNoneAwaits(app, quiet.ms));
    progress(`expiry: ${settled.rounds} more run(s) fired, ${settled.left} order(s) still awaiting payment`);
    return settled;
  };
  // Under chaos, what is left may be views whose projection is in a DLQ: the redrive completes them, and the check
  // is made after it.
  await settleExpiry('chaos on');
  // The soak's own reads must not be throttled: chaos pauses while the stores are read, and stays off for the redrive.
  app.runtime.chaos?.pause();
  const chaos = app.runtime.chaos?.summary() as ChaosSummary;
  const csv = [ordersFile, ...catalogFiles];
  const reports = new Map<string, ImportReport | undefined>();
  const before = await timed('read the stores', () => readStores(app));
  for (const file of csv) reports.set(file.key, await reportOf(app, file.key, 0));
  const contextOf = (stores: typeof before): CheckContext => ({
    seed: options.seed,
    catalog,
    orders,
    deliveries,
    csv,
    activity,
    putEvents,
    stores,
    streams: orderStreams(stores.events),
    settings: { trendingThreshold: app.settings.trendingThreshold, windowSeconds: app.settings.windowSeconds },
  });
  const underChaos = contextOf(before);
  const safety = [...stockInvariants(underChaos), ...orderInvariants(underChaos).filter((i) => /paid at most once|stored once/.test(i.name))].map((i) => ({
    ...i,
    name: `${i.name} (under chaos, before the redrive)`,
  }));
  const deadLettered = before.deadLetters.reduce((sum, q) => sum + q.messages.length, 0);
  const poison = activity.poisonSequenceNumbers;
  const deadLetters = deadLetterInvariant(before.deadLetters, poison);

  const { redriven, notRedrivable } = await timed('redrive the dead-letter queues (chaos off)', () => redriveDeadLetters(app, poison));
  const quietAfterRedrive = await timed('wait until the runtime is quiet (chaos off)', () => becameQuiet(app, quiet, 'chaos off, after the redrive'));
  // A reservation redriven late leaves an order awaiting payment past its deadline: the schedule would expire it mid-read.
  const settled = await settleExpiry('chaos off');
  const expiredBeforeRead: InvariantResult[] = settled
    ? [
        {
          name: 'every order past its payment window was expired before the stores were read (chaos off, after the redrive)',
          passed: settled.left === 0,
          detail: `${settled.rounds} more expiry run(s) fired after the first, ${settled.left} order(s) still awaiting payment`,
        },
      ]
    : [];
  const after = await timed('read the stores again', () => readStores(app));
  const final = contextOf(after);
  sampler.stop();

  const faultKinds: InvariantResult = {
    name: 'every fault kind was injected at least once',
    passed: ALL_FAULT_KINDS.every((kind) => (chaos.injected[kind] ?? 0) > 0),
    detail: ALL_FAULT_KINDS.map((kind) => `${kind} ${chaos.injected[kind] ?? 0}`).join(', '),
  };
  const invariants = [
    faultKinds,
    quietUnderChaos,
    quietAfterRedrive,
    ...expiredBeforeRead,
    ...safety,
    deadLetters,
    ...outboxInvariants(final),
    ...orderInvariants(final),
    ...stockInvariants(final),
    ...webhookInvariants(final),
    ...notificationInvariants(final),
    ...activityInvariants(final),
    ...importInvariants(final, reports),
    redriveInvariant(after.deadLetters, redriven, notRedrivable, poison),
    memoryInvariant(sampler.samples, warmUpInvocations),
  ];
  const effects = countEffects(final);
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const peak = sampler.peak;
  durations.total = Date.now() - started;
  const passed = invariants.filter((i) => i.passed).length;
  const { assemblyDir: _assembly, logPath: _log, ...reportedOptions } = options;
  return {
    seed: options.seed,
    rate: options.rate,
    options: reportedOptions,
    durationsMs: durations,
    sent: {
      orders: options.orders,
      'order requests replayed': orders.replays.length,
      'webhook deliveries': deliveries.length,
      'activity events': activity.sent,
      'activity poison records': activity.poisonRecords,
      'CSV files': csv.length,
      'PutEvents entries': PARTNER_EVENTS + POISON_EVENTS,
    },
    processed: {
      'orders accepted (201)': orders.placed.length,
      'orders decided (reserved or rejected)': [...final.streams.values()].filter((s) => s.count('InventoryReserved') + s.count('InventoryShortage') > 0)
        .length,
      'orders paid': [...final.streams.values()].filter((s) => s.status === 'PAID').length,
      'orders expired': [...final.streams.values()].filter((s) => s.status === 'EXPIRED').length,
      'webhook deliveries applied': new Set(after.events.filter((e) => e.aggregateId.startsWith('payment-webhook#')).map((e) => e.aggregateId)).size,
      'activity events accepted': activity.accepted,
      'events stored': after.events.length,
      'events archived': after.archivedIds.size,
      notifications: after.notifications.length,
      promotions: after.promotions.length,
      'CSV reports': [...reports.values()].filter(Boolean).length,
    },
    injected: { ...chaos.injected },
    deadLettered,
    redriven,
    duplicatedEffects: sum(effects.duplicated),
    lost: sum(effects.lost),
    effects,
    peakRssBytes: peak.totalBytes,
    cpu: cpuAccount(cpu, app.runtime.lambda.usage()),
    rss: {
      peak,
      atHalf: memoryFigures(sampler.samples, warmUpInvocations).peakHalf,
      samples: sampler.samples.length,
      series: sampler.samples,
    },
    requests: { answered: tally.answered, retried: tally.retried },
    invariants,
    passed,
    failed: invariants.length - passed,
  };
}
