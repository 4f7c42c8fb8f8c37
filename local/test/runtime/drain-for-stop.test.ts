import { describe, expect, it } from 'vitest';
import { drainForStop, type OrderlyStopParts } from '../../runtime/orderly-stop.ts';
import { LiveLog } from '../../runtime/live-log.ts';

/** A promise and the function that settles it. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

function parts(overrides: Partial<OrderlyStopParts> & { steps: string[] }): OrderlyStopParts {
  const { steps, ...rest } = overrides;
  return {
    intake: [{ name: 'event source mappings', drain: async () => void steps.push('intake drained') }],
    lambda: {
      drain: async () => {
        steps.push('lambda drained');
        return { asyncLeft: 0 };
      },
      executions: () => [],
    },
    log: new LiveLog({ sink: (line) => steps.push(line) }),
    keepsAsyncInvocations: true,
    force: new AbortController().signal,
    ...rest,
  };
}

describe('drainForStop', () => {
  it('stops taking work in before it waits for running invocations, and says what it does', async () => {
    // Prepare
    const steps: string[] = [];

    // Act
    await drainForStop(parts({ steps }));

    // Assess
    expect(steps).toEqual([
      'stopping: no new requests or deliveries; finishing what is running (Ctrl-C again to force)',
      'intake drained',
      'lambda drained',
      'stopping: nothing running; closing the endpoint, the HTTP API and the engines',
    ]);
  });

  it('says how many asynchronous invocations it leaves, and whether they are kept', async () => {
    // Prepare
    const kept: string[] = [];
    const dropped: string[] = [];
    const leaving = { drain: async () => ({ asyncLeft: 2 }), executions: () => [] };

    // Act
    await drainForStop(parts({ steps: kept, lambda: leaving }));
    await drainForStop(parts({ steps: dropped, lambda: leaving, keepsAsyncInvocations: false }));

    // Assess
    expect(kept).toContain('stopping: 2 asynchronous invocation(s) not finished, kept for the next start');
    expect(dropped).toContain('stopping: 2 asynchronous invocation(s) not finished are dropped (--persist keeps them for the next start)');
  });

  it('stops waiting when forced, even while an intake is still draining', async () => {
    // Prepare
    const steps: string[] = [];
    const force = new AbortController();
    const never = deferred();
    const draining = drainForStop(parts({ steps, force: force.signal, intake: [{ name: 'HTTP API requests', drain: () => never.promise }] }));

    // Act
    force.abort();
    await draining;

    // Assess
    expect(steps.at(-1)).toBe('stopping: forced; invocations still running are cut short (a --persist run retries their batches)');
    expect(steps).not.toContain('lambda drained');
  });
});
