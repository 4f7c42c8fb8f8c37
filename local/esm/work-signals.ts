import type { Clock } from '../clock.ts';
import type { EngineWrite } from '../engines/types.ts';
import { pause } from './batch-window.ts';

/** The engines whose writes make work for event source mappings. */
export type WorkService = EngineWrite['service'];

/** The reason a woken sleep is cut short with: not an error, the caller reads again. */
const WOKEN = Symbol('woken by a write');

/**
 * One source's wake-ups (a DynamoDB table's stream, a Kinesis stream, a queue), shared by the pollers of that source.
 *
 * A poller takes `version` before it reads and, when the read found nothing, calls `sleep` with it: the sleep ends at
 * its time or at the first write to the source, and does not begin at all when a write came while the read was under
 * way (that write may have landed just after the engine answered). Without writes it is the plain interval sleep.
 */
export class SourceWatch {
  #version = 0;
  readonly #sleepers = new Set<() => void>();

  constructor(private readonly onClose: (watch: SourceWatch) => void = () => {}) {}

  /** Grows by one with each write to the source. */
  get version(): number {
    return this.#version;
  }

  /** A write made work: every sleeper wakes, and a sleep that had not begun yet will not. */
  wake(): void {
    this.#version += 1;
    for (const sleeper of [...this.#sleepers]) sleeper();
  }

  /**
   * Sleeps `ms` on the clock, or less: until a write to the source, or not at all when one came since `seen`. Rejects
   * with the signal's reason when it aborts.
   */
  async sleep(clock: Clock, ms: number, signal: AbortSignal, seen: number): Promise<void> {
    signal.throwIfAborted();
    if (this.#version !== seen) return;
    if (!(ms > 0 && Number.isFinite(ms))) return pause(clock, ms, signal);
    const woken = new AbortController();
    const onAbort = () => woken.abort(signal.reason);
    const wake = () => woken.abort(WOKEN);
    signal.addEventListener('abort', onAbort, { once: true });
    this.#sleepers.add(wake);
    try {
      await clock.sleep(ms, woken.signal);
    } catch (error) {
      signal.throwIfAborted();
      if (woken.signal.reason !== WOKEN) throw error;
    } finally {
      this.#sleepers.delete(wake);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The source is no longer polled: writes to it stop reaching this watch. */
  close(): void {
    this.onClose(this);
  }
}

/**
 * Where writes the runtime sees (the AWS endpoint forwarding a function's `PutItem`, `PutRecords` or `SendMessage`
 * to its engine; EventBridge targets and Lambda destinations sending to queues and streams) wake the pollers of the
 * source they made work for, instead of those pollers sleeping out their interval with work already there. Writes
 * made straight to an engine's own port are not seen: their pollers find them at the next interval, as before.
 *
 * @example
 * const signals = new WorkSignals();
 * const watch = signals.watch('dynamodb', 'orders-events'); // a stream mapping's pollers
 * signals.notify({ service: 'dynamodb', resources: ['orders-events'] }); // the endpoint, after DynamoDB Local said 200
 */
export class WorkSignals {
  readonly #watches = new Map<string, Set<SourceWatch>>();

  /** The wake-ups of one source, by its service and name (table, stream or queue name). */
  watch(service: WorkService, name: string): SourceWatch {
    const key = keyOf(service, name);
    const watch = new SourceWatch((closed) => {
      const watches = this.#watches.get(key);
      watches?.delete(closed);
      if (watches?.size === 0) this.#watches.delete(key);
    });
    let watches = this.#watches.get(key);
    if (!watches) this.#watches.set(key, (watches = new Set()));
    watches.add(watch);
    return watch;
  }

  /** An engine accepted a write: wakes the pollers of what it wrote, or of every source of the service when unknown. */
  notify(write: EngineWrite): void {
    if (write.resources === undefined) {
      const prefix = keyOf(write.service, '');
      for (const [key, watches] of this.#watches) if (key.startsWith(prefix)) for (const watch of watches) watch.wake();
      return;
    }
    for (const name of new Set(write.resources)) for (const watch of this.#watches.get(keyOf(write.service, name)) ?? []) watch.wake();
  }
}

const keyOf = (service: WorkService, name: string) => `${service}\u0000${name}`;
