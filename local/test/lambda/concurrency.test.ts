import { afterAll, describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../lambda/index.ts';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';
import { countingEsm, sleeps } from './support/handlers.ts';

const app = fixtureApp();
afterAll(() => app.remove());

describe('concurrency', () => {
  it('throttles a synchronous invocation over the reserved concurrency with TooManyRequestsException', async () => {
    // Prepare
    const { service, activitiesOf } = harness([app.bundle('reserved-two', { 'index.mjs': sleeps }, { reservedConcurrency: 2 })]);

    // Act
    const results = await Promise.allSettled([1, 2, 3].map(() => service.invoke('reserved-two', { ms: 300 })));

    // Assess
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const rejection = results[2] as PromiseRejectedResult;
    expect(rejection.reason).toBeInstanceOf(TooManyRequestsError);
    expect(rejection.reason).toMatchObject({ code: 'TooManyRequestsException', statusCode: 429, reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    expect(activitiesOf('throttled')).toHaveLength(1);
    expect(activitiesOf('instance-started')).toHaveLength(2);
  });

  it('starts one instance per concurrent invocation and reuses them afterwards', async () => {
    // Prepare
    const { service, activitiesOf } = harness([app.bundle('scales-out', { 'index.mjs': countingEsm })]);

    // Act
    await Promise.all([1, 2, 3].map(() => service.invoke('scales-out', {})));
    await service.invoke('scales-out', {});
    await service.invoke('scales-out', {});

    // Assess
    expect(activitiesOf('instance-started')).toHaveLength(3);
    expect(activitiesOf('invoke').map((activity) => activity.coldStart)).toEqual([true, true, true, false, false]);
  });

  it('makes invocations over the local cap wait for a free instance when nothing is reserved', async () => {
    // Prepare
    const { service, activitiesOf } = harness([app.bundle('local-cap', { 'index.mjs': sleeps })], { defaultConcurrency: 2 });

    // Act
    const results = await Promise.all([1, 2, 3, 4].map(() => service.invoke('local-cap', { ms: 100 })));

    // Assess
    expect(results.map((result) => result.functionError)).toEqual([undefined, undefined, undefined, undefined]);
    expect(activitiesOf('instance-started')).toHaveLength(2);
    expect(activitiesOf('throttled')).toEqual([]);
  });

  it('starts no more environments at once than concurrentStarts, and gives a waiting invocation a warm one that came free first', async () => {
    // Prepare: init takes 400 ms, the handler a few
    const slowInit = `await new Promise((resolve) => setTimeout(resolve, 400));\nexport const handler = async () => 'done';\n`;
    const { service, activitiesOf } = harness([app.bundle('slow-init', { 'index.mjs': slowInit })], { concurrentStarts: 1 });

    // Act
    const results = await Promise.all([1, 2, 3].map(() => service.invoke('slow-init', {})));

    // Assess: the second starts once the first is ready; the third takes the first, free again long before the second is
    expect(results.map((result) => result.functionError)).toEqual([undefined, undefined, undefined]);
    expect(activitiesOf('instance-started')).toHaveLength(2);
    expect(
      activitiesOf('invoke')
        .map((activity) => activity.coldStart)
        .sort(),
    ).toEqual([false, true, true]);
  });

  it('stop() terminates every instance and waits for the threads to exit', async () => {
    // Prepare
    const { service, activitiesOf } = harness([app.bundle('stop-a', { 'index.mjs': sleeps }), app.bundle('stop-b', { 'index.mjs': countingEsm })]);
    await Promise.all([service.invoke('stop-a', { ms: 50 }), service.invoke('stop-a', { ms: 50 }), service.invoke('stop-b', {})]);
    const running = service.invoke('stop-a', { ms: 5_000 });

    // Act
    await service.stop();

    // Assess
    expect(service.instanceCount()).toBe(0);
    const started = activitiesOf('instance-started').map((activity) => activity.instanceId);
    const stopped = activitiesOf('instance-stopped').map((activity) => activity.instanceId);
    expect(started).toHaveLength(3);
    expect(stopped.sort()).toEqual([...started].sort());
    expect((await running).response).toMatchObject({ errorType: 'Runtime.ExitError' });
  });

  it('measures what its live environments’ heaps hold: more when a handler keeps memory, nothing once stopped', async () => {
    // Prepare: a handler that keeps about 32 MiB of numbers in its heap, and one that keeps nothing
    const keeps = `globalThis.kept = [];\nexport const handler = async () => { globalThis.kept.push(Array.from({ length: 4_000_000 }, (_, i) => i * 1.5)); return 'kept'; };\n`;
    const { service } = harness([app.bundle('keeps-memory', { 'index.mjs': keeps }), app.bundle('keeps-nothing', { 'index.mjs': countingEsm })]);
    await service.invoke('keeps-nothing', {});
    const fresh = await service.instanceHeapBytes();

    // Act
    await service.invoke('keeps-memory', {});
    const kept = await service.instanceHeapBytes();
    await service.stop();

    // Assess
    expect(fresh).toBeGreaterThan(0);
    expect(kept - fresh).toBeGreaterThan(32 * 2 ** 20);
    expect(await service.instanceHeapBytes()).toBe(0);
  });
});
