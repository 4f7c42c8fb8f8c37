import { parseArgs } from 'node:util';

/** What one soak run does; `npm run soak -- --orders 10000 --seed 7` sets the first four. */
export interface SoakOptions {
  /** Orders placed through `POST /orders`, concurrently, on a few SKUs. */
  orders: number;
  /** Activity events sent through `POST /activity` (500 a request). */
  activity: number;
  /** Payment webhook deliveries (redeliveries, failures and second payments among them). */
  webhooks: number;
  /** CSV files put in the imports bucket (the first one creates the SKUs the orders buy). */
  csvFiles: number;
  /** The rate of every fault kind (`--chaos rate=`). */
  rate: number;
  /** Seeds the chaos and every choice the drivers make. */
  seed: number;
  /** Where the JSON report goes. */
  reportPath: string;
  /** A synthesized app to run (`cdk.out`-like); synthesized with the soak's settings when absent. */
  assemblyDir?: string;
  /** Divides the waits the runtime makes on AWS's behalf (retry delays, visibility timeouts of failed batches). */
  timeScale: number;
  /** Requests in flight at once per driver. */
  concurrency: number;
  /** Where the runtime's live log goes, line by line (it is not kept otherwise). */
  logPath?: string;
}

export const DEFAULT_SOAK_OPTIONS: SoakOptions = {
  orders: 2_000,
  activity: 50_000,
  webhooks: 500,
  csvFiles: 10,
  rate: 0.05,
  seed: 1,
  reportPath: 'soak-report.json',
  timeScale: 20,
  concurrency: 16,
};

export const SOAK_USAGE = `npm run soak -- [--orders N] [--activity N] [--webhooks N] [--csv-files N] [--rate R] [--seed N]
                [--report <path>] [--assembly <dir>] [--time-scale N] [--concurrency N] [--log <path>]

Runs the app on the local runtime with every chaos fault kind at --rate, drives orders, webhooks, CSV imports,
PutEvents and activity through the public interfaces, waits until the runtime is quiet, checks the invariants from
the stores, pauses chaos, redrives the dead-letter queues and checks again. Exits 1 when an invariant fails or a
fault kind was never injected.`;

/** The options from `argv`; throws naming the option that is wrong. */
export function parseSoakOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string' },
      activity: { type: 'string' },
      webhooks: { type: 'string' },
      'csv-files': { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      report: { type: 'string' },
      assembly: { type: 'string' },
      'time-scale': { type: 'string' },
      concurrency: { type: 'string' },
      log: { type: 'string' },
    },
  });
  const integer = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) throw new Error(`--${name} must be an integer of at least ${min}, got ${JSON.stringify(value)}`);
    return number;
  };
  const rate = values.rate === undefined ? DEFAULT_SOAK_OPTIONS.rate : Number(values.rate);
  if (!(rate > 0 && rate < 1)) throw new Error(`--rate must be a number between 0 and 1 (exclusive), got ${JSON.stringify(values.rate)}`);
  const d = DEFAULT_SOAK_OPTIONS;
  return {
    orders: integer('orders', values.orders, d.orders, 10),
    activity: integer('activity', values.activity, d.activity, 0),
    webhooks: integer('webhooks', values.webhooks, d.webhooks, 0),
    csvFiles: integer('csv-files', values['csv-files'], d.csvFiles, 1),
    rate,
    seed: integer('seed', values.seed, d.seed, 0),
    reportPath: values.report ?? d.reportPath,
    ...(values.assembly ? { assemblyDir: values.assembly } : {}),
    timeScale: integer('time-scale', values['time-scale'], d.timeScale, 1),
    concurrency: integer('concurrency', values.concurrency, d.concurrency, 1),
    ...(values.log ? { logPath: values.log } : {}),
  };
}
