import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createWriteStream } from 'node:fs';
import { Agent } from 'node:http';
import { ENV } from '../../shared/runtime/environment.ts';
import type { LambdaActivity } from '../../local/lambda/index.ts';
import { LiveLog, startLocalRuntime, type LocalRuntime } from '../../local/runtime/index.ts';

/** Any credentials do locally. */
const LOCAL_CREDENTIALS = { accessKeyId: 'soak', secretAccessKey: 'soak' } as const;

/** The webhook secret the soak signs with: the runtime's functions read it from the environment. */
export const SOAK_WEBHOOK_SECRET = 'soak-webhook-secret';

/** Live-log lines kept for a failure's diagnosis: the last ones only, so the log cannot grow with the run. */
const KEPT_LOG_LINES = 400;

/** The app under soak: the runtime, SDK clients on its endpoint, and the names of what the soak reads and drives. */
export interface SoakApp {
  runtime: LocalRuntime;
  clients: { documents: DynamoDBDocumentClient; dynamodb: DynamoDBClient; sqs: SQSClient; s3: S3Client; kinesis: KinesisClient; events: EventBridgeClient };
  names: {
    eventStore: string;
    products: string;
    orders: string;
    notifications: string;
    stats: string;
    promotions: string;
    activityStream: string;
    bus: string;
    importsBucket: string;
    expirySchedule: string;
  };
  /** The app's settings as its functions see them. */
  settings: { paymentWindowMinutes: number; trendingThreshold: number; windowSeconds: number; currency: string };
  /** The last live-log lines. */
  recentLog(): string[];
  /** Invocations that ended so far (the work the requests made, as the runtime did it). */
  invocations(): number;
  stop(): Promise<void>;
}

/** The live log, counting the invocations that ended as it writes them. */
class InvocationCountingLog extends LiveLog {
  invocations = 0;

  override lambda(activity: LambdaActivity): void {
    if (activity.type === 'result') this.invocations += 1;
    super.lambda(activity);
  }
}

/** Starts the synthesized app on the local runtime with every fault kind at `rate`, from `seed`. */
export async function startSoakApp(options: { assemblyDir: string; rate: number; seed: number; timeScale: number; logPath?: string }): Promise<SoakApp> {
  process.env.PAYMENT_WEBHOOK_SECRET = SOAK_WEBHOOK_SECRET;
  const recent: string[] = [];
  const file = options.logPath ? createWriteStream(options.logPath) : undefined;
  const log = new InvocationCountingLog({
    sink: (line) => {
      file?.write(`${new Date().toISOString()} ${line}\n`);
      recent.push(line);
      if (recent.length > KEPT_LOG_LINES) recent.shift();
    },
  });
  const runtime = await startLocalRuntime({
    assemblyDir: options.assemblyDir,
    port: 0,
    apiPort: 0,
    log,
    chaos: `seed=${options.seed},rate=${options.rate}`,
    timeScale: options.timeScale,
  });
  const envOf = (name: string) => {
    const value = runtime.topology.functions.map((fn) => fn.environment[name]).find((v) => v !== undefined);
    if (value === undefined) throw new Error(`no function of the app has ${name} in its environment`);
    return value;
  };
  // The drivers keep many requests in flight: one socket pool per client, as wide as that.
  const config = {
    region: runtime.topology.region,
    endpoint: runtime.endpointUrl,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }),
  };
  const dynamodb = new DynamoDBClient(config);
  const clients = {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb),
    sqs: new SQSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    kinesis: new KinesisClient(config),
    events: new EventBridgeClient(config),
  };
  const bucket = runtime.topology.buckets.find((b) => b.name.includes('imports'));
  const expiry = runtime.topology.schedules.find((s) => s.path?.includes('ExpireUnpaidOrders'));
  const aggregate = runtime.topology.eventSourceMappings.find((m) => m.kind === 'kinesis');
  if (!bucket || !expiry || !aggregate) throw new Error('the app has no imports bucket, expiry schedule or activity stream mapping');
  return {
    runtime,
    clients,
    names: {
      eventStore: envOf(ENV.eventStoreTable),
      products: envOf(ENV.productsTable),
      orders: envOf(ENV.ordersTable),
      notifications: envOf(ENV.notificationsTable),
      stats: envOf(ENV.statsTable),
      promotions: envOf(ENV.promotionsTable),
      activityStream: envOf(ENV.activityStreamName),
      bus: envOf(ENV.eventBusName),
      importsBucket: bucket.name,
      expirySchedule: expiry.name,
    },
    settings: {
      paymentWindowMinutes: Number(envOf(ENV.paymentWindowMinutes)),
      trendingThreshold: Number(envOf(ENV.trendingThreshold)),
      windowSeconds: aggregate.tumblingWindowInSeconds ?? 0,
      currency: envOf(ENV.orderCurrency),
    },
    recentLog: () => [...recent],
    invocations: () => log.invocations,
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
      await runtime.stop();
      file?.end();
    },
  };
}
