import { afterAll, describe, expect, it } from 'vitest';
import { FunctionNotFoundError, formatLogTail, InvalidRequestContentError, LambdaServiceStoppedError, RequestTooLargeError } from '../../lambda/index.ts';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';
import { countingEsm, sleeps, throwsTypeError } from './support/handlers.ts';

const app = fixtureApp();
afterAll(() => app.remove());

const counting = app.bundle('sync-counting', { 'index.mjs': countingEsm });
const throwing = app.bundle('sync-throwing', { 'index.mjs': throwsTypeError });
const sleeping = app.bundle('sync-sleeping', { 'index.mjs': sleeps });

describe('synchronous invoke (RequestResponse)', () => {
  it('answers 200 with the handler result as JSON text and parsed', async () => {
    // Prepare
    const { service } = harness([counting]);

    // Act
    const result = await service.invoke('sync-counting', { orderId: 'o-1' });

    // Assess
    expect(result).toMatchObject({ statusCode: 200, executedVersion: '$LATEST' });
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload)).toEqual({ coldStarts: 1, invocations: 1, event: { orderId: 'o-1' } });
    expect(result.response).toEqual(JSON.parse(result.payload));
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns a thrown error into the runtime error body with functionError Unhandled', async () => {
    // Prepare
    const { service } = harness([throwing]);

    // Act
    const result = await service.invoke('sync-throwing', {});

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBe('Unhandled');
    const body = JSON.parse(result.payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe('TypeError');
    expect(body.errorMessage).toBe('quantity must be positive');
    expect(body.trace[0]).toBe('TypeError: quantity must be positive');
    expect(body.trace.some((frame) => frame.includes('index.mjs'))).toBe(true);
  });

  it('logs "Invoke Error" with the error as JSON, as the runtime does', async () => {
    // Prepare
    const { service } = harness([throwing]);

    // Act
    const result = await service.invoke('sync-throwing', {});

    // Assess
    const line = result.logs.find((log) => log.message.startsWith('Invoke Error'));
    expect(line?.stream).toBe('stderr');
    expect(JSON.parse(line?.message.split('\t')[1] ?? '{}')).toMatchObject({ errorType: 'TypeError', errorMessage: 'quantity must be positive' });
  });

  it.each([
    ['a name', 'sync-counting'],
    ['an ARN', 'arn:aws:lambda:us-east-1:000000000000:function:sync-counting'],
    ['a partial ARN', '000000000000:function:sync-counting'],
    ['a qualified ARN', 'arn:aws:lambda:us-east-1:000000000000:function:sync-counting:$LATEST'],
  ])('finds the function by %s', async (_, reference) => {
    // Prepare
    const { service } = harness([counting]);

    // Act
    const result = await service.invoke(reference, {});

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it('rejects an unknown function with ResourceNotFoundException naming its ARN', async () => {
    // Prepare
    const { service } = harness([counting]);

    // Act
    const invoking = service.invoke('no-such-function', {});

    // Assess
    await expect(invoking).rejects.toThrow(FunctionNotFoundError);
    await expect(invoking).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      statusCode: 404,
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function',
    });
  });

  it('takes bytes as the raw JSON body and rejects bytes that are not JSON', async () => {
    // Prepare
    const { service } = harness([counting]);

    // Act
    const valid = await service.invoke('sync-counting', new TextEncoder().encode('{"raw":true}'));
    const invalid = service.invoke('sync-counting', new TextEncoder().encode('{not json'));

    // Assess
    expect(valid.response).toMatchObject({ event: { raw: true } });
    await expect(invalid).rejects.toThrow(InvalidRequestContentError);
    await expect(invalid).rejects.toMatchObject({ code: 'InvalidRequestContentException', statusCode: 400 });
  });

  it('rejects a synchronous payload over 6 MB with RequestTooLargeException', async () => {
    // Prepare
    const { service } = harness([counting]);

    // Act
    const invoking = service.invoke('sync-counting', { blob: 'x'.repeat(6_291_456) });

    // Assess
    await expect(invoking).rejects.toThrow(RequestTooLargeError);
    await expect(invoking).rejects.toThrow('Request must be smaller than 6291456 bytes for the InvokeFunction operation');
  });

  it('answers a DryRun with 204 without running the function', async () => {
    // Prepare
    const { service, activitiesOf } = harness([counting]);

    // Act
    const result = await service.invoke('sync-counting', {}, { invocationType: 'DryRun' });

    // Assess
    expect(result.statusCode).toBe(204);
    expect(activitiesOf('invoke')).toEqual([]);
    expect(service.instanceCount()).toBe(0);
  });

  it('reports the invocation and its result, with the init duration on the cold start only', async () => {
    // Prepare
    const { service, activitiesOf } = harness([sleeping]);

    // Act
    const first = await service.invoke('sync-sleeping', { ms: 20 });
    await service.invoke('sync-sleeping', { ms: 0 });

    // Assess
    expect(activitiesOf('invoke').map(({ coldStart, requestId }) => ({ coldStart, requestId }))).toEqual([
      { coldStart: true, requestId: first.requestId },
      { coldStart: false, requestId: expect.any(String) },
    ]);
    const [cold, warm] = activitiesOf('result');
    expect(cold).toMatchObject({ outcome: 'success', invocationType: 'RequestResponse', functionName: 'sync-sleeping' });
    expect(cold?.initDurationMs).toBeGreaterThan(0);
    expect(cold?.durationMs).toBeGreaterThanOrEqual(15);
    expect(warm?.initDurationMs).toBeUndefined();
  });

  it('formats the log tail as the Invoke API LogResult: base64 of START, the lines and END', async () => {
    // Prepare
    const { service } = harness([throwing]);
    const result = await service.invoke('sync-throwing', {});

    // Act
    const tail = Buffer.from(formatLogTail(result), 'base64').toString('utf8');

    // Assess
    expect(tail.startsWith(`START RequestId: ${result.requestId} Version: $LATEST\n`)).toBe(true);
    expect(tail).toContain('Invoke Error');
    expect(tail.endsWith(`END RequestId: ${result.requestId}\n`)).toBe(true);
  });

  it('refuses invocations after stop()', async () => {
    // Prepare
    const { service } = harness([counting]);
    await service.stop();

    // Act
    const invoking = service.invoke('sync-counting', {});

    // Assess
    await expect(invoking).rejects.toThrow(LambdaServiceStoppedError);
  });
});
