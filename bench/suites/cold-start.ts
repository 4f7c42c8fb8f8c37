import { buildSync } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { synthesizeForStart } from '../../cli/synthesize-for-start.ts';
import { FUNCTION_BUNDLE_OPTIONS, PROJECT_ROOT } from '../../infra/bundling/house-bundling.ts';
import { functionEnvironment, logStreamName } from '../../local/lambda/function-environment.ts';
import { loadTopology } from '../../local/loader/index.ts';
import type { FunctionSpec } from '../../local/topology/types.ts';
import { ratioAtMost, reported } from '../goals.ts';
import type { Comparison, PairedComparison } from '../types.ts';

const run = promisify(execFile);
// Inside the project, so the bundles' bare `@aws-sdk/*` imports resolve from its node_modules; git ignores `cdk.out/`.
const OUT_ROOT = fileURLToPath(new URL('../../cdk.out', import.meta.url));
const INIT_MODULE = fileURLToPath(new URL('../cold-start/init-module.mjs', import.meta.url));

type SdkClient = 'dynamodb' | 'documents' | 'eventbridge' | 's3' | 'kinesis' | 'sqs';

/** How the baseline imports and constructs each client, as the functions do (with default options). */
const CLIENT_CODE: Record<SdkClient, { import: string; construct: string }> = {
  dynamodb: { import: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", construct: 'const dynamodb = new DynamoDBClient({});' },
  documents: {
    import: "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    construct: 'const documents = DynamoDBDocumentClient.from(dynamodb);',
  },
  eventbridge: { import: "import { EventBridgeClient } from '@aws-sdk/client-eventbridge';", construct: 'const eventbridge = new EventBridgeClient({});' },
  s3: { import: "import { S3Client } from '@aws-sdk/client-s3';", construct: 'const s3 = new S3Client({});' },
  kinesis: { import: "import { KinesisClient } from '@aws-sdk/client-kinesis';", construct: 'const kinesis = new KinesisClient({});' },
  sqs: { import: "import { SQSClient } from '@aws-sdk/client-sqs';", construct: 'const sqs = new SQSClient({});' },
};

/**
 * The AWS SDK clients each function constructs at init (module scope), read from its handler: what the baseline
 * constructs. Clients a function creates on first use (the dead-letter channel's SQS client, a claim check's S3
 * client) are not here: the function does not pay for them at init either.
 */
export const CLIENTS_AT_INIT: Record<string, readonly SdkClient[]> = {
  'aggregate-activity': ['dynamodb', 'documents', 'eventbridge', 's3'],
  'expire-unpaid-orders': ['dynamodb', 'documents'],
  'get-order': ['dynamodb', 'documents'],
  'get-product-stats': ['dynamodb', 'documents'],
  'import-products': ['dynamodb', 'documents', 'eventbridge', 's3'],
  'ingest-activity': ['kinesis'],
  'payment-webhook': ['dynamodb', 'documents'],
  'place-order': ['dynamodb', 'documents'],
  'project-order': ['dynamodb', 'documents'],
  'promote-trending-product': ['dynamodb', 'documents'],
  'record-payment': ['dynamodb', 'documents'],
  'relay-events': ['eventbridge', 's3'],
  'reserve-inventory': ['dynamodb', 'documents'],
  'send-notification': ['dynamodb', 'documents'],
  'summarize-activity': ['dynamodb', 'documents', 'eventbridge', 's3'],
};

/** Fresh processes per side: each is one cold start. */
const OBSERVATIONS = 15;
export const COLD_START_GOAL = ratioAtMost(1.1, 'at most 1.10 × the baseline');

/** `BENCH_COLD_START_FUNCTIONS=place-order,get-order` measures only those functions (all when unset or empty). */
export const FUNCTIONS_VARIABLE = 'BENCH_COLD_START_FUNCTIONS';

/** Whether function `name` is measured under the selection `selection` (a comma-separated list of names, or none). */
export function isSelected(name: string, selection: string | undefined): boolean {
  const names = (selection ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '');
  return names.length === 0 || names.includes(name);
}

/**
 * Cold start per function: the module init of each synthesized bundle (what `cdk deploy` ships) in a fresh Node
 * process with the function's environment from the template (as Lambda sets it, `NODE_OPTIONS` included), against a
 * baseline bundle, built the same way, that only imports and constructs the SDK clients the function constructs at
 * init. Measured as the CPU time of the import (all threads): on this shared 2-core machine the wall-clock time of a
 * ~100 ms init swings with other processes' load, while the CPU time is the work itself, and what Lambda's
 * fractional vCPU (a third of one at 512 MB) stretches into init duration. Fresh processes alternate sides.
 */
export async function coldStartComparisons(): Promise<Comparison[]> {
  const assemblyDir = join(OUT_ROOT, 'bench-cold-start');
  await synthesizeForStart(assemblyDir);
  const topology = await loadTopology({ assemblyDir, endpointUrl: 'http://127.0.0.1:9' });
  const baselinesDir = join(OUT_ROOT, 'bench-cold-start-baselines');
  rmSync(baselinesDir, { recursive: true, force: true });
  const dispose = () => rmSync(baselinesDir, { recursive: true, force: true });

  const functions = topology.functions.map((spec) => ({ spec, name: spec.environment['POWERTOOLS_SERVICE_NAME'] ?? spec.logicalId }));
  const selected = functions.filter(({ name }) => isSelected(name, process.env[FUNCTIONS_VARIABLE]));
  if (selected.length === 0) {
    throw new Error(
      `cold start: ${FUNCTIONS_VARIABLE}=${process.env[FUNCTIONS_VARIABLE]} names none of the functions: ${functions.map((f) => f.name).join(', ')}`,
    );
  }
  const perFunction = selected
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ spec, name }): Comparison => {
      const clients = CLIENTS_AT_INIT[name];
      if (clients === undefined) throw new Error(`cold start: declare in CLIENTS_AT_INIT the SDK clients function ${name} constructs at init`);
      const bundle = join(spec.codeDir, 'index.mjs');
      const baseline = buildBaseline(join(baselinesDir, name), clients);
      return {
        name: `cold start: ${name}`,
        ...COLD_START_GOAL,
        subjectName: `${name} bundle init, ms CPU (${kilobytes(bundle)} KB + ${kilobytes(`${bundle}.map`)} KB map)`,
        baselineName: `${clients.join(' + ')} clients only (${kilobytes(baseline)} KB)`,
        verify: () => verifySameSdk(name, bundle, baseline),
        observe: alternatingInits(bundle, baseline, environmentOf(spec)),
        warmups: 1,
        observations: OBSERVATIONS,
      };
    });
  return [...perFunction, { ...toolkitComparison(baselinesDir, functions), dispose }];
}

/**
 * What every function pays at init before its own code: the house toolkit (`createHandler`: middy with Powertools
 * Logger, Metrics and Tracer) and a DynamoDB client traced by `captureAWSv3Client`, against the same clients alone,
 * in the environment of a function that constructs them. The floor under goal 1's ratio (README, "Cold start").
 */
function toolkitComparison(dir: string, functions: readonly { spec: FunctionSpec; name: string }[]): Comparison {
  const like = functions.find(({ name }) => CLIENTS_AT_INIT[name]?.join() === 'dynamodb,documents');
  if (like === undefined)
    throw new Error('cold start: no function constructs exactly a DynamoDB and a document client, whose environment the toolkit entry uses');
  const runtime = JSON.stringify(join(PROJECT_ROOT, 'shared/runtime/index.ts'));
  const toolkit = buildBundle(join(dir, 'toolkit'), [
    CLIENT_CODE.dynamodb.import,
    CLIENT_CODE.documents.import,
    `import { createHandler, tracer } from ${runtime};`,
    'const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));',
    CLIENT_CODE.documents.construct,
    'export const clients = [dynamodb, documents];',
    'export const handler = createHandler(async () => ({}));',
  ]);
  const baseline = buildBaseline(join(dir, 'toolkit-baseline'), ['dynamodb', 'documents']);
  return {
    name: 'cold start: the toolkit alone',
    ...reported(`what every function pays before its own code: the floor under goal 1 (${COLD_START_GOAL.goal})`),
    subjectName: `createHandler (middy, Powertools Logger, Metrics, Tracer) + a traced DynamoDB client, init, ms CPU (${kilobytes(toolkit)} KB)`,
    baselineName: 'dynamodb + documents clients only',
    verify: () => verifySameSdk('the toolkit', toolkit, baseline),
    observe: alternatingInits(toolkit, baseline, environmentOf(like.spec)),
    warmups: 1,
    observations: OBSERVATIONS,
  };
}

/**
 * One observation per call: the init CPU of `subject` and of `baseline`, each in a fresh process with `env`. Sides
 * alternate which starts first, so a burst of load hits both alike.
 */
function alternatingInits(subject: string, baseline: string, env: Record<string, string>): PairedComparison['observe'] {
  let turn = 0;
  return async () => {
    if (turn++ % 2 === 0) {
      const subjectMs = await initCpuMs(subject, env);
      return { subject: subjectMs, baseline: await initCpuMs(baseline, env) };
    }
    const baselineMs = await initCpuMs(baseline, env);
    return { subject: await initCpuMs(subject, env), baseline: baselineMs };
  };
}

function buildBaseline(dir: string, clients: readonly SdkClient[]): string {
  return buildBundle(dir, [
    ...clients.map((c) => CLIENT_CODE[c].import),
    ...clients.map((c) => CLIENT_CODE[c].construct),
    `export const clients = [${clients.join(', ')}];`,
  ]);
}

/** Bundles `code` (lines of an entry module) with the house options into `dir`; the bundle's path. */
function buildBundle(dir: string, code: readonly string[]): string {
  const outfile = join(dir, 'index.mjs');
  mkdirSync(dir, { recursive: true });
  buildSync({ ...FUNCTION_BUNDLE_OPTIONS, stdin: { contents: code.join('\n'), loader: 'ts', resolveDir: dir }, bundle: true, outfile });
  return outfile;
}

/** The SDK packages a bundle imports at init (static imports; `import()` loads on first use). */
export function sdkPackagesImported(code: string): string[] {
  return [...new Set([...code.matchAll(/(?:from|import)\s*"(@aws-sdk\/[a-z0-9-]+)"/g)].map((match) => match[1] as string))].sort();
}

/** The baseline must not load an SDK package the function does not load at init: that would flatter the ratio. */
function verifySameSdk(name: string, bundle: string, baseline: string): void {
  const loaded = new Set(sdkPackagesImported(readFileSync(bundle, 'utf8')));
  const extra = sdkPackagesImported(readFileSync(baseline, 'utf8')).filter((pkg) => !loaded.has(pkg));
  if (extra.length > 0) throw new Error(`cold start: the baseline of ${name} imports ${extra.join(', ')}, which ${name} does not import at init`);
}

function environmentOf(spec: FunctionSpec): Record<string, string> {
  return functionEnvironment({
    spec,
    logStreamName: logStreamName(Date.now()),
    endpointUrl: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
}

async function initCpuMs(file: string, env: Record<string, string>): Promise<number> {
  const { stdout } = await run(process.execPath, [INIT_MODULE, pathToFileURL(file).href], { env });
  return (JSON.parse(stdout) as { cpuMs: number }).cpuMs;
}

const kilobytes = (file: string) => Math.round(statSync(file).size / 1024);
