import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findJava, JavaNotFoundError } from '../../local/engines/index.ts';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime/index.ts';
import { BenchmarkSkippedError } from '../errors.ts';
import { type Goal, reported, valueAtMost } from '../goals.ts';
import { InvocationLedger } from '../fixtures/invocation-ledger.ts';
import { OrderClient } from '../fixtures/order-client.ts';
import { percentile, relativeMarginOfError } from '../stats.ts';
import type { Comparison, Measurement } from '../types.ts';

const NAME = 'orders flow latency';
// Inside the project, so the bundles' bare `@aws-sdk/*` imports resolve from its node_modules; git ignores `cdk.out/`.
const OUT_ROOT = fileURLToPath(new URL('../cdk.out', import.meta.url));

/** Orders placed one at a time on the idle runtime: the 99th percentile of 100 is the second slowest. */
const IDLE_ORDERS = 100;
/**
 * Orders first placed and thrown away, one at a time, then in bursts growing to the load's clients, so every function
 * on the path has its instances warm (a burst of cold starts on two busy cores can outlast place-order's timeout).
 */
const WARMUP_SEQUENTIAL = 5;
const WARMUP_BURSTS = [2, 4] as const;
/** Clients each placing an order and polling it to RESERVED, then the next, for `LOAD_SECONDS`. */
const LOAD_CLIENTS = 4;
const LOAD_SECONDS = 15;
/** Pause between a client's `GET /orders/{id}` polls (each an invocation of get-order, which competes for the cores): idle, under load. */
const POLL_GAP_MS = { idle: 5, load: 100 } as const;
/** An order not RESERVED by then failed the run (cold starts on two cores shared with other work take seconds each). */
const ORDER_TIMEOUT_MS = 120_000;
const SKU = 'BENCH-FLOW';

/** Issue 9, goal 3: the idle runtime's percentiles are judged; the figures under load are reported. */
export const FLOW_LATENCY_GOALS = {
  idleP50: valueAtMost(150, 'ms', 'p50 ≤ 150 ms'),
  idleP99: valueAtMost(400, 'ms', 'p99 ≤ 400 ms'),
  loadRate: reported(`orders/s sustained, ${LOAD_CLIENTS} clients, each polling its order to RESERVED before the next`),
  loadLatency: reported('the latency that rate costs'),
} as const satisfies Record<string, Goal>;

interface OrderTiming {
  /** `POST /orders` sent → the `GET` that first showed RESERVED answered, in ms. */
  endToEndMs: number;
  /** The own durations of the invocations on its path (place-order, relay, reserve-inventory, relay, project-order). */
  pathMs: number;
}

interface LoadRun {
  orders: OrderTiming[];
  seconds: number;
}

/**
 * Issue 9, goal 3: the orders flow on the local runtime, from `POST /orders` to RESERVED visible in
 * `GET /orders/{id}`, against the work on that path (the sum of its five invocations' own durations, from the
 * runtime's invocation records, on the same orders): the difference is waiting between the steps (pollers, queues,
 * delivery). Idle: orders one at a time, each after the previous one's work has finished. Under load: clients in a
 * closed loop, the orders per second they sustain and the latency they see. The clients run on a thread of their own
 * (bench/fixtures/order-client.ts): on the runtime's event loop, their fetches delayed the runtime's work (p50 about
 * 20 % slower in the same run). About 30 s of synthesis, then 1 to 2
 * minutes, most of it the idle orders. `assemblyDir`: an app already synthesized (kept), instead of synthesizing one.
 *
 * @throws BenchmarkSkippedError when Java is missing.
 */
export async function flowLatencyComparisons(options: { assemblyDir?: string } = {}): Promise<Comparison[]> {
  try {
    await findJava();
  } catch (error) {
    if (error instanceof JavaNotFoundError) throw new BenchmarkSkippedError(NAME, error.message);
    throw error;
  }
  const assembly = options.assemblyDir ? { dir: options.assemblyDir, remove: () => {} } : newAssemblyDir();
  const ledger = new InvocationLedger();
  let runtime: LocalRuntime;
  try {
    if (!options.assemblyDir) {
      // Imported here: aws-cdk-lib takes seconds to load, and runs without this suite do without it.
      const { createEventfulApp } = await import('../../infra/eventful-app.ts');
      createEventfulApp({ outdir: assembly.dir }).synth();
    }
    runtime = await startLocalRuntime({ assemblyDir: assembly.dir, port: 0, apiPort: 0, log: ledger });
    await seedProduct(runtime);
    ledger.clear(); // the start's warnings (emulation notes) explain no failure
  } catch (error) {
    assembly.remove();
    throw error;
  }
  const client = new OrderClient({ apiUrl: runtime.apiUrl.replace(/\/$/, ''), sku: SKU, timeoutMs: ORDER_TIMEOUT_MS });
  const flow = new OrderFlow(runtime, ledger, client);

  let idle: Promise<OrderTiming[]> | undefined;
  let load: Promise<LoadRun> | undefined;
  const idleRun = () => (idle ??= flow.warmUp().then(() => flow.idle(IDLE_ORDERS)));
  const loadRun = () => (load ??= idleRun().then(() => flow.load(LOAD_CLIENTS, LOAD_SECONDS)));

  const comparisons: Comparison[] = [
    {
      name: `${NAME}, idle: POST /orders → RESERVED in GET, p50`,
      ...FLOW_LATENCY_GOALS.idleP50,
      report: async () => percentiles(await idleRun(), 50, `end to end, ${IDLE_ORDERS} orders one at a time`),
    },
    {
      name: `${NAME}, idle: POST /orders → RESERVED in GET, p99`,
      ...FLOW_LATENCY_GOALS.idleP99,
      report: async () => percentiles(await idleRun(), 99, `end to end, ${IDLE_ORDERS} orders one at a time`),
    },
    {
      name: `${NAME}, under load: orders/s sustained end to end`,
      ...FLOW_LATENCY_GOALS.loadRate,
      report: async () => {
        const [run, idleOrders] = [await loadRun(), await idleRun()];
        const rates = run.orders.length / run.seconds;
        const idleMeanMs = idleOrders.reduce((total, order) => total + order.endToEndMs, 0) / idleOrders.length;
        return {
          subject: { name: `${LOAD_CLIENTS} clients for ${LOAD_SECONDS} s`, value: rates, unit: 'orders/s', rme: Number.NaN, samples: run.orders.length },
          baseline: {
            name: 'one client on the idle runtime (1 / its mean end to end)',
            value: 1000 / idleMeanMs,
            unit: 'orders/s',
            rme: relativeMarginOfError(idleOrders.map((order) => order.endToEndMs)),
            samples: idleOrders.length,
          },
        };
      },
    },
    {
      name: `${NAME}, under load: POST /orders → RESERVED in GET, p50`,
      ...FLOW_LATENCY_GOALS.loadLatency,
      report: async () => percentiles((await loadRun()).orders, 50, `end to end, ${LOAD_CLIENTS} clients`),
    },
    {
      name: `${NAME}, under load: POST /orders → RESERVED in GET, p99`,
      ...FLOW_LATENCY_GOALS.loadLatency,
      report: async () => percentiles((await loadRun()).orders, 99, `end to end, ${LOAD_CLIENTS} clients`),
    },
  ];
  // Every comparison disposes of itself once measured; the runtime goes with the last.
  let left = comparisons.length;
  const dispose = async () => {
    left -= 1;
    if (left > 0) return;
    await client.close();
    await runtime.stop();
    assembly.remove();
  };
  return comparisons.map((comparison) => ({ ...comparison, dispose }));
}

/** A fresh directory for the synthesized app under `cdk.out/`, and how to remove it (with `cdk.out/` when left empty). */
function newAssemblyDir(): { dir: string; remove: () => void } {
  mkdirSync(OUT_ROOT, { recursive: true });
  const dir = mkdtempSync(join(OUT_ROOT, 'bench-flow-'));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      if (readdirSync(OUT_ROOT).length === 0) rmdirSync(OUT_ROOT);
    },
  };
}

function percentiles(orders: readonly OrderTiming[], p: number, subjectName: string): { subject: Measurement; baseline: Measurement } {
  const endToEnd = orders.map((order) => order.endToEndMs);
  const path = orders.map((order) => order.pathMs);
  return {
    subject: { name: `${subjectName}, p${p}`, value: percentile(endToEnd, p), unit: 'ms', rme: relativeMarginOfError(endToEnd), samples: endToEnd.length },
    baseline: {
      name: `its invocations' own durations (place-order + relay + reserve-inventory + relay + project-order), p${p}`,
      value: percentile(path, p),
      unit: 'ms',
      rme: relativeMarginOfError(path),
      samples: path.length,
    },
  };
}

/** Orders placed through the HTTP API and watched to RESERVED through it, as a client would (from its own thread). */
class OrderFlow {
  #next = 0;

  constructor(
    private readonly runtime: LocalRuntime,
    private readonly ledger: InvocationLedger,
    private readonly client: OrderClient,
  ) {}

  async warmUp(): Promise<void> {
    for (let i = 0; i < WARMUP_SEQUENTIAL; i++) await this.#place(POLL_GAP_MS.idle);
    for (const burst of WARMUP_BURSTS) {
      await Promise.all(Array.from({ length: burst }, () => this.#place(POLL_GAP_MS.load)));
      await this.#quiet();
    }
    this.ledger.clear();
  }

  /** `count` orders one at a time, each once the runtime has gone quiet after the previous one. */
  async idle(count: number): Promise<OrderTiming[]> {
    const placed: { correlationId: string; endToEndMs: number }[] = [];
    for (let i = 0; i < count; i++) {
      placed.push(await this.#place(POLL_GAP_MS.idle));
      await this.#quiet();
    }
    return this.#withPaths(placed);
  }

  /** `clients` closed loops for `seconds`: the orders each completed, and the time they took. */
  async load(clients: number, seconds: number): Promise<LoadRun> {
    const placed: { correlationId: string; endToEndMs: number }[] = [];
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) placed.push(await this.#place(POLL_GAP_MS.load));
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await this.#quiet();
    return { orders: await this.#withPaths(placed), seconds: elapsed };
  }

  async #place(pollGapMs: number): Promise<{ correlationId: string; endToEndMs: number }> {
    this.#next += 1;
    const correlationId = `bench-flow-${process.pid}-${this.#next}`;
    try {
      return { correlationId, endToEndMs: await this.client.placeAndWatch(correlationId, pollGapMs) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason}; the live log's last troubles:\n${this.ledger.recentTroubles.join('\n')}`, { cause: error });
    }
  }

  /** Each order's path duration, once every invocation on it has been recorded (the last ones may still be ending). */
  async #withPaths(placed: readonly { correlationId: string; endToEndMs: number }[]): Promise<OrderTiming[]> {
    const timings: OrderTiming[] = [];
    for (const order of placed) {
      let pathMs = this.ledger.pathDurationMs(order.correlationId);
      for (let waited = 0; pathMs === undefined && waited < 5_000; waited += 50) {
        await sleep(50);
        pathMs = this.ledger.pathDurationMs(order.correlationId);
      }
      if (pathMs === undefined) throw new Error(`the invocations on the path of ${order.correlationId} were not all recorded`);
      timings.push({ endToEndMs: order.endToEndMs, pathMs });
    }
    return timings;
  }

  /** Until no invocation runs or waits for a few consecutive looks: the trailing work (notification) is done. */
  async #quiet(): Promise<void> {
    for (let calm = 0; calm < 3; ) {
      await sleep(10);
      const busy = this.runtime.lambda.executions().length > 0 || this.runtime.lambda.pendingAsyncInvocations > 0;
      calm = busy ? 0 : calm + 1;
    }
  }
}

async function seedProduct(runtime: LocalRuntime): Promise<void> {
  const table = runtime.topology.functions.map((fn) => fn.environment['PRODUCTS_TABLE']).find((name) => name !== undefined);
  if (!table) throw new Error('no function of the app has PRODUCTS_TABLE in its environment');
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpointUrl, region: runtime.topology.region, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } }),
  );
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { sku: SKU, name: 'Bench flow item', unitPriceMinor: 100, currency: 'EUR', stock: 1_000_000, updatedAt: new Date().toISOString() },
      }),
    );
  } finally {
    documents.destroy();
  }
}
