import { afterAll, describe, expect, it } from 'vitest';
import { Chaos, parseChaosSpec } from '../../chaos/index.ts';
import { TooManyRequestsError } from '../../lambda/index.ts';
import { fixtureApp } from '../lambda/support/fixture-app.ts';
import { harness } from '../lambda/support/harness.ts';
import { countingEsm, sleeps } from '../lambda/support/handlers.ts';

const app = fixtureApp();
afterAll(() => app.remove());

const counting = app.bundle('chaos-counting', { 'index.mjs': countingEsm });
const sleeping = app.bundle('chaos-sleeping', { 'index.mjs': sleeps }, { timeoutSeconds: 3 });

const chaos = (spec: string) => new Chaos(parseChaosSpec(spec));

describe('Lambda faults under --chaos', () => {
  it('lambda.error at rate 1: the invocation fails with errorType Error and functionError Unhandled, the handler never runs', async () => {
    // Prepare
    const { service, activitiesOf } = harness([counting], { chaos: chaos('seed=1,lambda.error=1') });

    // Act
    const result = await service.invoke('chaos-counting', { n: 1 });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBe('Unhandled');
    expect(result.response).toEqual({ errorType: 'Error', errorMessage: 'eventful chaos: injected function error', trace: [] });
    expect(activitiesOf('result')[0]).toMatchObject({ outcome: 'error', errorType: 'Error' });
  });

  it('lambda.timeout at rate 1: the handler ran, the caller gets Sandbox.Timedout and the environment is discarded', async () => {
    // Prepare
    const { service, activitiesOf } = harness([sleeping], { chaos: chaos('seed=1,lambda.timeout=1') });

    // Act
    const result = await service.invoke('chaos-sleeping', { ms: 5 });

    // Assess
    expect(result.functionError).toBe('Unhandled');
    expect(result.response).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 3.00 seconds`,
    });
    expect(activitiesOf('result')[0]).toMatchObject({ outcome: 'timeout' });
    expect(activitiesOf('instance-stopped')).toEqual([expect.objectContaining({ reason: 'timeout' })]);
  });

  it('lambda.crash at rate 1: the worker is killed mid-invocation with Runtime.ExitError (signal: killed)', async () => {
    // Prepare
    const { service, activitiesOf } = harness([sleeping], { chaos: chaos('seed=1,lambda.crash=1') });

    // Act
    const result = await service.invoke('chaos-sleeping', { ms: 1_000 });

    // Assess
    expect(result.functionError).toBe('Unhandled');
    expect(result.response).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`,
    });
    expect(activitiesOf('instance-stopped')).toEqual([expect.objectContaining({ reason: 'runtime-exit' })]);
    expect(service.instanceCount('chaos-sleeping')).toBe(0);
  });

  it('lambda.throttle at rate 1: a synchronous invoke is refused with 429 TooManyRequestsException', async () => {
    // Prepare
    const { service, activitiesOf } = harness([counting], { chaos: chaos('seed=1,lambda.throttle=1') });

    // Act
    const invoking = service.invoke('chaos-counting', {});

    // Assess
    await expect(invoking).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(invoking).rejects.toMatchObject({
      code: 'TooManyRequestsException',
      statusCode: 429,
      message: 'Rate Exceeded. (chaos-counting: throttled by --chaos)',
    });
    expect(activitiesOf('throttled')).toHaveLength(1);
    expect(service.instanceCount('chaos-counting')).toBe(0);
  });

  it('lambda.throttle: an asynchronous invoke is accepted, then retried until it runs, as AWS retries throttled events', async () => {
    // Prepare: at this seed the throttle stream strikes the first attempt and spares the second.
    const { service, activitiesOf } = harness([counting], { chaos: chaos('seed=6,lambda.throttle=0.5') });

    // Act
    const accepted = await service.invoke('chaos-counting', { n: 1 }, { invocationType: 'Event' });

    // Assess
    expect(accepted.statusCode).toBe(202);
    await expect.poll(() => activitiesOf('result').length, { timeout: 10_000 }).toBe(1);
    expect(activitiesOf('result')[0]).toMatchObject({ outcome: 'success' });
    expect(activitiesOf('throttled')).toHaveLength(1);
    expect(activitiesOf('retry-scheduled')).toEqual([expect.objectContaining({ cause: 'throttled', delayMs: 1000 })]);
  });

  it('at rate 0 nothing changes: the handler runs and answers', async () => {
    // Prepare
    const { service } = harness([counting], { chaos: chaos('seed=1,rate=0') });

    // Act
    const result = await service.invoke('chaos-counting', { n: 2 });

    // Assess
    expect(result.functionError).toBeUndefined();
    expect(result.response).toEqual({ coldStarts: 1, invocations: 1, event: { n: 2 } });
  });
});
