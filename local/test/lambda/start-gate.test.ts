import { describe, expect, it } from 'vitest';
import type { StopReason } from '../../lambda/function-instance.ts';
import { InstancePool, type PooledInstance } from '../../lambda/instance-pool.ts';
import { StartGate } from '../../lambda/start-gate.ts';

/** An environment whose init ends when the test says so. */
class FakeInstance implements PooledInstance {
  stopped = false;
  readonly initEnded: Promise<void>;
  endInit: () => void = () => {};
  readonly #onStop: (instance: FakeInstance, reason: StopReason) => void;

  constructor(
    readonly name: string,
    onStop: (instance: FakeInstance, reason: StopReason) => void,
  ) {
    this.#onStop = onStop;
    this.initEnded = new Promise((resolve) => (this.endInit = resolve));
  }

  async terminate(reason: StopReason): Promise<void> {
    this.stop(reason);
  }

  stop(reason: StopReason): void {
    this.stopped = true;
    this.endInit();
    this.#onStop(this, reason);
  }
}

function poolOf(name: string, gate: StartGate, max = 10) {
  const started: FakeInstance[] = [];
  const pool = new InstancePool<FakeInstance>(
    (onStop) => {
      const instance = new FakeInstance(`${name}#${started.length + 1}`, onStop);
      started.push(instance);
      return instance;
    },
    { max, throttle: false },
    gate,
  );
  return { pool, started };
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('start gate', () => {
  it('starts at most its limit of environments at once, across functions', async () => {
    // Prepare
    const gate = new StartGate(2);
    const a = poolOf('a', gate);
    const b = poolOf('b', gate);

    // Act
    const acquired = [a.pool.acquire(), a.pool.acquire(), b.pool.acquire()];
    await settle();

    // Assess
    expect(a.started.map((i) => i.name)).toEqual(['a#1', 'a#2']);
    expect(b.started).toEqual([]);
    expect(gate.starting).toBe(2);
    a.started[0]?.endInit();
    await settle();
    expect(b.started.map((i) => i.name)).toEqual(['b#1']);
    expect((await Promise.all(acquired)).map((i) => i?.name)).toEqual(['a#1', 'a#2', 'b#1']);
  });

  it('gives a waiting invocation the environment that comes free before a start slot does', async () => {
    // Prepare
    const gate = new StartGate(1);
    const { pool, started } = poolOf('f', gate);
    const first = await pool.acquire();
    started[0]?.endInit();
    await settle();
    const other = poolOf('g', gate);
    void other.pool.acquire(); // holds the only start slot
    await settle();

    // Act
    const second = pool.acquire();
    if (first) pool.release(first);

    // Assess
    expect((await second)?.name).toBe('f#1');
    expect(started).toHaveLength(1);
  });

  it('gives the start slot back when an environment stops during its init', async () => {
    // Prepare
    const gate = new StartGate(1);
    const { pool, started } = poolOf('f', gate);
    await pool.acquire();
    const waiting = pool.acquire();

    // Act
    started[0]?.stop('timeout');

    // Assess
    expect((await waiting)?.name).toBe('f#2');
    expect(gate.starting).toBe(1);
  });

  it('still throttles at the reserved concurrency without waiting for a start slot', async () => {
    // Prepare
    const gate = new StartGate(1);
    const reserved = new InstancePool<FakeInstance>((onStop) => new FakeInstance('r', onStop), { max: 1, throttle: true }, gate);
    await reserved.acquire();

    // Act
    const over = await reserved.acquire();

    // Assess
    expect(over).toBeUndefined();
  });

  it('refuses a limit below one', () => {
    expect(() => new StartGate(0)).toThrow('concurrent environment starts must be a positive integer, got 0');
  });
});
