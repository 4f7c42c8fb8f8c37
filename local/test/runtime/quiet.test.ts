import { describe, expect, it } from 'vitest';
import { quietState, whenQuiet, type QuietParts } from '../../runtime/index.ts';

/** A runtime's parts as the quiet check sees them, each settable by the test. */
function parts(
  overrides: { executions?: number; asyncInvocations?: number; deliveries?: number; sqs?: number; idleSince?: number | undefined; lastEndedAt?: number } = {},
) {
  const state = {
    now: 1_000,
    executions: 0,
    asyncInvocations: 0,
    deliveries: 0,
    sqs: 0,
    idleSince: 1_000 as number | undefined,
    lastEndedAt: 500,
    ...overrides,
  };
  const quietParts: QuietParts = {
    clock: { now: () => state.now } as QuietParts['clock'],
    lambda: {
      executions: () => Array.from({ length: state.executions }),
      get pendingAsyncInvocations() {
        return state.asyncInvocations;
      },
      get lastExecutionEndedAt() {
        return state.lastEndedAt;
      },
    },
    events: {
      get pending() {
        return state.deliveries;
      },
    },
    mappings: { streamsIdleSince: () => state.idleSince, sqsMessagesWaiting: async () => state.sqs },
  };
  return { state, quietParts };
}

describe('the runtime is quiet', () => {
  it('when no execution, retry, delivery or queued message is left and every stream was read to its tip after the last execution', async () => {
    // Act
    const state = await quietState(parts().quietParts);
    // Assess
    expect(state).toEqual({ quiet: true, executions: 0, asyncInvocations: 0, eventBridgeDeliveries: 0, sqsMessages: 0, streamsDrained: true });
  });

  it.each([
    ['an execution runs', { executions: 1 }],
    ['an asynchronous invocation waits to retry', { asyncInvocations: 1 }],
    ['an EventBridge delivery is pending', { deliveries: 1 }],
    ['a mapping queue holds a message (in flight or delayed included)', { sqs: 1 }],
    ['a shard has records to process or a window open', { idleSince: undefined }],
    ['a shard was last read before the last execution ended', { idleSince: 400 }],
  ])('not while %s', async (_case, overrides) => {
    // Act
    const state = await quietState(parts(overrides).quietParts);
    // Assess
    expect(state.quiet).toBe(false);
  });

  it('waits for a read of every stream made after it was asked: records sent just before are seen', async () => {
    // Prepare
    const { state, quietParts } = parts({ idleSince: 900 });
    state.now = 1_000;
    // Act
    const quiet = whenQuiet(quietParts, { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const settledEarly = await Promise.race([quiet.then(() => true), Promise.resolve(false)]);
    state.idleSince = 1_000;
    // Assess
    expect(settledEarly).toBe(false);
    await expect(quiet).resolves.toMatchObject({ quiet: true });
  });

  it('gives up after its timeout naming what still has work', async () => {
    // Prepare
    const { state, quietParts } = parts({ sqs: 3 });
    // Act
    const quiet = whenQuiet(quietParts, { timeoutMs: 50 });
    state.now += 100;
    // Assess
    await expect(quiet).rejects.toThrow(/still busy after 50 ms: 3 messages in mapped queues/);
  });
});
