import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLE_OPTIONS, PROJECT_ROOT } from '../../infra/bundling/house-bundling.ts';

/*
 * Tracing as a deployed function does it: a function of the project, bundled by the house bundling, run in a Node
 * process with Lambda's environment (LAMBDA_TASK_ROOT, _X_AMZN_TRACE_ID set per invocation), its DynamoDB calls
 * answered by a local endpoint and its segments sent to a local "X-Ray daemon" over UDP, as Lambda's is. The bundles
 * keep the X-Ray SDK's segment in an AsyncLocalStorage (infra/bundling/replaced/cls-hooked.cjs) instead of
 * cls-hooked: the same function bundled with cls-hooked itself must send the same trace.
 */

const execFileAsync = promisify(execFile);

interface SegmentDocument {
  readonly id: string;
  readonly name: string;
  readonly trace_id: string;
  readonly parent_id?: string;
  readonly annotations?: Record<string, unknown>;
  readonly aws?: { readonly table_name?: string };
}

const INVOCATIONS = [
  { key: 'first', root: '1-67a1b2c3-0123456789abcdef01234567', parent: '53995c3f42cd8ad8' },
  { key: 'second', root: '1-67a1b2c4-89abcdef0123456789abcdef', parent: '6e1c7c4a1f0b9d22' },
];

let daemon: Socket;
let received: SegmentDocument[] = [];
let dynamodb: Server;
let bundlesDir: string;

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    // Each datagram is the daemon protocol's header line, then one segment document.
    const [, body] = message.toString('utf8').split('\n');
    if (body) received.push(JSON.parse(body) as SegmentDocument);
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  dynamodb = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'local' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => dynamodb.listen(0, '127.0.0.1', resolve));
  // Inside the project, so the bundles' external AWS SDK resolves from its node_modules as Lambda's runtime provides it.
  const cache = join(PROJECT_ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  bundlesDir = await mkdtemp(join(cache, 'eventful-tracing-test-'));
}, 30_000);

afterAll(async () => {
  daemon?.close();
  dynamodb?.close();
  if (bundlesDir) await rm(bundlesDir, { recursive: true, force: true });
});

/** Bundles the fixture function with the house options, or with cls-hooked itself when `withClsHooked`. */
async function bundle(withClsHooked: boolean): Promise<string> {
  const alias = Object.fromEntries(Object.entries(FUNCTION_BUNDLE_OPTIONS.alias ?? {}).filter(([name]) => !withClsHooked || !name.startsWith('cls-hooked')));
  const dir = join(bundlesDir, withClsHooked ? 'cls-hooked' : 'house');
  await build({
    ...FUNCTION_BUNDLE_OPTIONS,
    alias,
    entryPoints: [join(PROJECT_ROOT, 'test/infra/fixtures/traced-function/handler.ts')],
    bundle: true,
    outfile: join(dir, 'index.mjs'),
    logLevel: 'silent',
  });
  return dir;
}

// Lambda's runtime loop, reduced: imports the handler once, then sets each invocation's trace header and calls it.
const RUNTIME = `
const { handler } = await import(process.argv[1]);
for (const invocation of JSON.parse(process.argv[2])) {
  process.env._X_AMZN_TRACE_ID = 'Root=' + invocation.root + ';Parent=' + invocation.parent + ';Sampled=1';
  const context = {
    functionName: 'traced', functionVersion: '$LATEST', memoryLimitInMB: '128', awsRequestId: invocation.key,
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:traced', logGroupName: '/aws/lambda/traced',
    logStreamName: 'stream', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000,
  };
  const result = await handler({ key: invocation.key }, context);
  if (result.read !== 3) throw new Error('unexpected result ' + JSON.stringify(result));
}
`;

/** Runs both invocations in a fresh process; the segment documents the function sent, by invocation. */
async function trace(dir: string): Promise<SegmentDocument[][]> {
  received = [];
  await execFileAsync(process.execPath, ['--input-type=module', '--eval', RUNTIME, join(dir, 'index.mjs'), JSON.stringify(INVOCATIONS)], {
    env: {
      PATH: process.env['PATH'],
      LAMBDA_TASK_ROOT: dir,
      AWS_LAMBDA_FUNCTION_NAME: 'traced',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: 'index.handler',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamodb.address() as AddressInfo).port}`,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
      POWERTOOLS_SERVICE_NAME: 'traced',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  });
  // UDP on the loopback arrives at once; a moment for the last datagrams to be read.
  for (let waited = 0; received.length < 12 && waited < 2000; waited += 20) await sleep(20);
  return INVOCATIONS.map(({ root }) => received.filter((document) => document.trace_id === root));
}

/**
 * Each document as "name <- parent's name" (a DynamoDB call named with its table; the Lambda segment, whose id comes
 * from the trace header, as "lambda").
 */
function tree(documents: readonly SegmentDocument[], lambdaSegmentId: string): string[] {
  const nameOf = (document: SegmentDocument) => (document.aws?.table_name ? `${document.name} ${document.aws.table_name}` : document.name);
  const names = new Map(documents.map((document) => [document.id, nameOf(document)]));
  names.set(lambdaSegmentId, 'lambda');
  return documents.map((document) => `${nameOf(document)} <- ${names.get(document.parent_id ?? '') ?? `unknown parent ${document.parent_id}`}`).sort();
}

const EXPECTED_TREE = [
  '## index.handler <- lambda',
  'DynamoDB handler <- ## index.handler',
  '### left <- ## index.handler',
  '### right <- ## index.handler',
  'DynamoDB left <- ### left',
  'DynamoDB right <- ### right',
].sort();

describe('a bundled function traced in a Lambda-like process', () => {
  it('sends each invocation’s handler subsegment under its trace, and each DynamoDB call under the subsegment it was made in, across awaits and beside another, as with cls-hooked', async () => {
    const traces = await Promise.all([bundle(false), bundle(true)]).then(async ([house, withClsHooked]) => [await trace(house), await trace(withClsHooked)]);
    for (const byInvocation of traces) {
      expect(byInvocation.map((documents, index) => tree(documents, INVOCATIONS[index]?.parent ?? ''))).toEqual([EXPECTED_TREE, EXPECTED_TREE]);
      const handlerAnnotations = byInvocation.map((documents) => documents.find((document) => document.name === '## index.handler')?.annotations);
      expect(handlerAnnotations).toEqual([
        { ColdStart: true, Service: 'traced' },
        { ColdStart: false, Service: 'traced' },
      ]);
    }
  }, 60_000);
});
