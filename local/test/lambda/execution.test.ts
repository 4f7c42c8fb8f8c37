import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { INVOCATION_LOG_LINES_KEPT } from '../../lambda/constants.ts';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';
import {
  callbackStyle,
  countingCjs,
  countingEsm,
  exhaustsMemory,
  exitsProcess,
  hangsForever,
  listsQueues,
  logsJson,
  rejectsUnhandled,
  reportsEnvironment,
  throwsLater,
  traced,
} from './support/handlers.ts';

const app = fixtureApp();
afterAll(() => app.remove());

describe('function instances', () => {
  it.each([
    ['index.mjs', 'esm-module', { 'index.mjs': countingEsm }],
    ['CommonJS index.js under a "type": "module" project', 'cjs-index', { 'index.js': countingCjs }],
    ['index.cjs', 'cjs-explicit', { 'index.cjs': countingCjs }],
    ['index.js with ES module syntax and no package.json', 'esm-detected', { 'index.js': countingEsm }],
    ['index.js under a "type": "module" package.json of its own', 'esm-typed', { 'index.js': countingEsm, 'package.json': '{"type":"module"}' }],
  ])('loads %s', async (_, name, files) => {
    // Prepare
    const { service } = harness([app.bundle(name, files)]);

    // Act
    const result = await service.invoke(name, {});

    // Assess
    expect(result.functionError).toBeUndefined();
    expect(result.response).toMatchObject({ invocations: 1 });
  });

  it('runs module init once per instance and reuses the warm instance', async () => {
    // Prepare
    const { service } = harness([app.bundle('warm-reuse', { 'index.mjs': countingEsm })]);

    // Act
    const first = await service.invoke('warm-reuse', {});
    const second = await service.invoke('warm-reuse', {});

    // Assess
    expect(first.response).toMatchObject({ coldStarts: 1, invocations: 1 });
    expect(second.response).toMatchObject({ coldStarts: 1, invocations: 2 });
    expect(service.instanceCount('warm-reuse')).toBe(1);
  });

  it('times out with Sandbox.Timedout, discards the instance, and starts the next invocation cold', async () => {
    // Prepare
    const { service, activitiesOf } = harness([app.bundle('times-out', { 'index.mjs': hangsForever }, { timeoutSeconds: 1 })]);
    const warm = await service.invoke('times-out', {});

    // Act
    const timedOut = await service.invoke('times-out', { hang: true });
    const next = await service.invoke('times-out', {});

    // Assess
    expect(warm.response).toEqual({ inits: 1 });
    expect(timedOut.functionError).toBe('Unhandled');
    expect(timedOut.response).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${timedOut.requestId} Error: Task timed out after 1.00 seconds`,
      trace: [],
    });
    expect(timedOut.logs.at(-1)).toMatchObject({ stream: 'platform', message: expect.stringMatching(/Task timed out after 1\.00 seconds$/) });
    expect(next.response).toEqual({ inits: 1 });
    expect(activitiesOf('invoke').map((activity) => activity.coldStart)).toEqual([true, false, true]);
    expect(activitiesOf('instance-stopped').map((activity) => activity.reason)).toEqual(['timeout']);
  });

  it('accounts per function for environments started and stopped and the CPU time of their inits and answered invocations', async () => {
    // Prepare: a module init and a handler that each spin until their thread has used 60 ms more CPU (not wall-clock
    // time, which a loaded machine stretches).
    const spins = `
const cpu = () => { const { user, system } = process.threadCpuUsage(); return (user + system) / 1000; };
const spin = (ms) => { const end = cpu() + ms; while (cpu() < end) {} };
spin(60);
export const handler = async (event) => {
  if (event.hang) await new Promise(() => {});
  spin(60);
  return 'spun';
};
`;
    const { service } = harness([app.bundle('spins', { 'index.mjs': spins }, { timeoutSeconds: 1 })]);

    // Act: cold, warm, a timeout that discards the environment, then cold again
    await service.invoke('spins', {});
    await service.invoke('spins', {});
    await service.invoke('spins', { hang: true });
    await service.invoke('spins', {});

    // Assess
    const [usage] = service.usage();
    expect(usage).toMatchObject({
      functionName: 'spins',
      environmentsStarted: 2,
      environmentsStopped: { timeout: 1 },
      inits: 2,
      invocations: 3,
    });
    expect(usage?.initCpuMs).toBeGreaterThanOrEqual(2 * 60);
    expect(usage?.invocationCpuMs).toBeGreaterThanOrEqual(3 * 60);
    // Each invocation is the spin and a little more, not the thread's whole life (init and idle waits excluded).
    expect(usage?.invocationCpuMs).toBeLessThan(3 * 60 + 3 * 60);
  });

  it('says nothing more once it stopped an instance, even when Node lets the dying module init run on', async () => {
    // Prepare: Node cancels a worker's termination that lands inside a CommonJS module imported from an ES module,
    // and the init goes on with that module's exports half filled ("Client is not a constructor"). Under load a
    // timed-out cold start ended that way: its "Uncaught Exception" read as an init failure of a live instance.
    const slowCommonJs = `console.log('slow module loading');
const end = Date.now() + 2000;
while (Date.now() < end) {}
exports.Client = class Client {};`;
    const importsIt = `import { Client } from './slow.cjs';
new Client();
export const handler = async () => 'ok';`;
    const { service, logs } = harness([app.bundle('slow-init', { 'index.mjs': importsIt, 'slow.cjs': slowCommonJs })]);
    const invocation = service.invoke('slow-init', {});
    await vi.waitFor(() => expect(logs.map((line) => line.message)).toContain('slow module loading'), { timeout: 30_000, interval: 5 });

    // Act
    await service.stop();
    await invocation;

    // Assess
    expect(logs.map((line) => line.message).filter((message) => /not a constructor|Uncaught Exception/.test(message))).toEqual([]);
  });

  it('gives the function the template environment plus the variables Lambda sets and the local endpoint', async () => {
    // Prepare
    const spec = app.bundle(
      'reports-env',
      { 'index.mjs': reportsEnvironment },
      {
        memoryMb: 512,
        environment: { EVENT_BUS_NAME: 'eventful-bus', POWERTOOLS_SERVICE_NAME: 'orders', AWS_REGION: 'eu-west-3' },
      },
    );
    const { service } = harness([spec], { endpointUrl: 'http://127.0.0.1:4566' });

    // Act
    const first = await service.invoke('reports-env', {});
    const second = await service.invoke('reports-env', {});

    // Assess
    const { env } = first.response as { env: Record<string, string> };
    expect(env).toMatchObject({
      EVENT_BUS_NAME: 'eventful-bus',
      POWERTOOLS_SERVICE_NAME: 'orders',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'reports-env',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/reports-env',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: spec.codeDir,
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    });
    expect(env['AWS_LAMBDA_LOG_STREAM_NAME']).toMatch(/^2\d{3}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env['_X_AMZN_TRACE_ID']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    const secondEnv = (second.response as { env: Record<string, string> }).env;
    expect(secondEnv['_X_AMZN_TRACE_ID']).not.toBe(env['_X_AMZN_TRACE_ID']);
    expect(secondEnv['AWS_LAMBDA_LOG_STREAM_NAME']).toBe(env['AWS_LAMBDA_LOG_STREAM_NAME']);
  });

  it("keeps the test process's own environment out of the function", async () => {
    // Prepare
    process.env['EVENTFUL_HOST_ONLY'] = 'leaked';
    const { service } = harness([app.bundle('isolated-env', { 'index.mjs': reportsEnvironment })]);

    // Act
    const result = await service.invoke('isolated-env', {});

    // Assess
    delete process.env['EVENTFUL_HOST_ONLY'];
    const { env } = result.response as { env: Record<string, string> };
    expect(env['EVENTFUL_HOST_ONLY']).toBeUndefined();
    expect(env['POWERTOOLS_LOG_LEVEL']).toBeUndefined();
  });

  it('hands the handler a context like Lambda builds', async () => {
    // Prepare
    const { service } = harness([app.bundle('reports-context', { 'index.mjs': reportsEnvironment }, { timeoutSeconds: 7, memoryMb: 1024 })]);

    // Act
    const byName = await service.invoke('reports-context', {}, { clientContext: { client: { app_title: 'cli' } } });
    const byQualifiedArn = await service.invoke('arn:aws:lambda:us-east-1:000000000000:function:reports-context:live', {});

    // Assess
    const context = (byName.response as { context: Record<string, unknown> }).context;
    const env = (byName.response as { env: Record<string, string> }).env;
    expect(context).toEqual({
      functionName: 'reports-context',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:reports-context',
      memoryLimitInMB: '1024',
      awsRequestId: byName.requestId,
      logGroupName: '/aws/lambda/reports-context',
      logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'],
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { client: { app_title: 'cli' } },
      remainingTimeInMillis: expect.any(Number),
      xRayTraceId: env['_X_AMZN_TRACE_ID'],
    });
    expect(context['remainingTimeInMillis']).toBeGreaterThan(6_000);
    expect(context['remainingTimeInMillis']).toBeLessThanOrEqual(7_000);
    expect((byQualifiedArn.response as { context: Record<string, unknown> }).context['invokedFunctionArn']).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:reports-context:live',
    );
  });

  it('captures console and Powertools JSON lines per request id, and init output with the cold invocation', async () => {
    // Prepare
    const { service, logs } = harness([app.bundle('logs-json', { 'index.mjs': logsJson })]);

    // Act
    const first = await service.invoke('logs-json', { orderId: 'o-1' });
    const second = await service.invoke('logs-json', { orderId: 'o-2' });

    // Assess
    expect(first.logs.map(({ stream, message }) => ({ stream, message: message.startsWith('{') ? JSON.parse(message) : message }))).toEqual([
      { stream: 'stdout', message: 'module init' },
      {
        stream: 'stdout',
        message: expect.objectContaining({
          level: 'INFO',
          message: 'order received',
          orderId: 'o-1',
          service: 'fixture',
          cold_start: true,
          function_name: 'logs-json',
          function_request_id: first.requestId,
          xray_trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
        }),
      },
      { stream: 'stdout', message: 'plain line for o-1' },
      { stream: 'stderr', message: 'to stderr' },
    ]);
    expect(second.logs.map((line) => line.requestId)).toEqual([second.requestId, second.requestId, second.requestId]);
    expect(logs.filter((line) => line.requestId === second.requestId)).toEqual(second.logs);
    expect(logs.find((line) => line.message === 'module init')).toMatchObject({ functionName: 'logs-json' });
  });

  it('keeps only the latest 1,000 log lines of an invocation for its result, while the live log gets every one', async () => {
    // Prepare
    const chatty = `export const handler = async () => { for (let i = 0; i < 5000; i++) console.log('line ' + i); return 'done'; };`;
    const { service, logs } = harness([app.bundle('chatty', { 'index.mjs': chatty })]);

    // Act
    const result = await service.invoke('chatty', {});

    // Assess
    expect(INVOCATION_LOG_LINES_KEPT).toBe(1_000);
    expect(result.logs).toHaveLength(INVOCATION_LOG_LINES_KEPT);
    expect(result.logs.at(-1)?.message).toBe('line 4999');
    expect(result.logs[0]?.message).toBe('line 4000');
    expect(logs.filter((line) => line.requestId === result.requestId && line.message.startsWith('line '))).toHaveLength(5_000);
  });

  it('resolves the SDK the bundle leaves external from the project node_modules and calls AWS_ENDPOINT_URL', async () => {
    // Prepare
    const requests: IncomingMessage[] = [];
    const endpoint = createServer((request, response) => {
      requests.push(request);
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ QueueUrls: ['http://127.0.0.1/000000000000/orders'] }));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.address() as AddressInfo;
    const { service } = harness([app.bundle('lists-queues', { 'index.mjs': listsQueues })], { endpointUrl: `http://127.0.0.1:${port}` });

    // Act
    const result = await service.invoke('lists-queues', {});
    endpoint.close();

    // Assess
    expect(result.functionError).toBeUndefined();
    expect(result.response).toEqual({ QueueUrls: ['http://127.0.0.1/000000000000/orders'] });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers['x-amz-target']).toBe('AmazonSQS.ListQueues');
    expect(requests[0]?.headers.authorization).toMatch(/Credential=test\/\d{8}\/us-east-1\/sqs\/aws4_request/);
  });

  it('runs handlers wrapped by Powertools Tracer with tracing on and no X-Ray errors offline', async () => {
    // Prepare
    const { service } = harness([app.bundle('traced', { 'index.mjs': traced })]);

    // Act
    const result = await service.invoke('traced', {});

    // Assess
    expect(result.functionError).toBeUndefined();
    expect(result.response).toEqual({ tracingEnabled: true });
    expect(result.logs.filter((line) => line.stream === 'stderr')).toEqual([]);
  });

  it('runs callback-style handlers on Node.js 22 and refuses them on Node.js 24 at init, as AWS does', async () => {
    // Prepare
    const { service } = harness([
      app.bundle('callback-22', { 'index.js': callbackStyle }, { runtime: 'nodejs22.x' }),
      app.bundle('callback-24', { 'index.js': callbackStyle }, { runtime: 'nodejs24.x' }),
    ]);

    // Act
    const on22 = await service.invoke('callback-22', { value: 7 });
    const on24 = await service.invoke('callback-24', { value: 7 });

    // Assess
    expect(on22.response).toEqual({ via: 'callback', echo: 7 });
    expect(on24.functionError).toBe('Unhandled');
    expect(on24.response).toMatchObject({
      errorType: 'Runtime.CallbackHandlerDeprecated',
      errorMessage: expect.stringContaining('removed support for callback-based function handlers starting with Node.js 24'),
    });
  });

  it.each([
    ['a missing module', 'missing.handler', 'Runtime.ImportModuleError', "Error: Cannot find module 'missing'"],
    ['a missing export', 'index.nothere', 'Runtime.HandlerNotFound', 'index.nothere is undefined or not exported'],
    ['a path escaping the task root', '../index.handler', 'Runtime.MalformedHandlerName', expect.stringContaining('is not a valid handler name')],
  ])('fails init on %s with the runtime error type, then starts cold again', async (_, handler, errorType, errorMessage) => {
    // Prepare
    const name = `init-error-${errorType.replace('Runtime.', '').toLowerCase()}`;
    const { service, activitiesOf } = harness([app.bundle(name, { 'index.mjs': countingEsm }, { handler })]);

    // Act
    const first = await service.invoke(name, {});
    const second = await service.invoke(name, {});

    // Assess
    expect(first.functionError).toBe('Unhandled');
    expect(first.response).toMatchObject({ errorType, errorMessage });
    expect(second.response).toMatchObject({ errorType });
    expect(activitiesOf('invoke').map((activity) => activity.coldStart)).toEqual([true, true]);
  });

  it('reports a syntax error in the bundle as Runtime.UserCodeSyntaxError', async () => {
    // Prepare
    const { service } = harness([app.bundle('syntax-error', { 'index.mjs': 'export const handler = async () => {' })]);

    // Act
    const result = await service.invoke('syntax-error', {});

    // Assess
    expect(result.response).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringContaining('SyntaxError') });
  });

  it('reports process.exit as Runtime.ExitError and discards the instance', async () => {
    // Prepare
    const { service, activitiesOf } = harness([app.bundle('exits', { 'index.mjs': exitsProcess })]);

    // Act
    const result = await service.invoke('exits', {});

    // Assess
    expect(result.response).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
      trace: [],
    });
    expect(activitiesOf('instance-stopped').map((activity) => activity.reason)).toEqual(['runtime-exit']);
    expect(service.instanceCount('exits')).toBe(0);
  });

  it('fails the invocation on an uncaught exception and discards the instance', async () => {
    // Prepare
    const { service } = harness([app.bundle('throws-later', { 'index.mjs': throwsLater })]);

    // Act
    const result = await service.invoke('throws-later', {});

    // Assess
    expect(result.response).toMatchObject({ errorType: 'RangeError', errorMessage: 'background failure' });
    expect(result.logs.some((line) => line.message.startsWith('Uncaught Exception'))).toBe(true);
    expect(service.instanceCount('throws-later')).toBe(0);
  });

  it('reports an unhandled promise rejection as Runtime.UnhandledPromiseRejection and discards the instance', async () => {
    // Prepare
    const { service } = harness([app.bundle('rejects-unhandled', { 'index.mjs': rejectsUnhandled })]);

    // Act
    const result = await service.invoke('rejects-unhandled', {});

    // Assess
    expect(result.response).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody listens' });
    expect(service.instanceCount('rejects-unhandled')).toBe(0);
  });

  it('stops a function that outgrows its memory setting with Runtime.OutOfMemory', async () => {
    // Prepare
    const { service } = harness([app.bundle('out-of-memory', { 'index.mjs': exhaustsMemory }, { memoryMb: 128 })]);

    // Act
    const result = await service.invoke('out-of-memory', {});

    // Assess
    expect(result.response).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`,
      trace: [],
    });
    expect(service.instanceCount('out-of-memory')).toBe(0);
  });
});
