import type { LambdaService } from '../lambda/index.ts';
import type { LiveLog } from './live-log.ts';

/** How often the live log says what a stop still waits for. */
const WAITING_REPORT_INTERVAL_MS = 2_000;

export interface Drainable {
  /** What it waits for, for the live log (`HttpApiServer.drain`, `EventSourceMappings.stop`, …). */
  name: string;
  drain(): Promise<unknown>;
}

export interface OrderlyStopParts {
  /** Stop taking work in: the HTTP API, event source mappings, schedules. Drained in parallel. */
  intake: Drainable[];
  lambda: Pick<LambdaService, 'drain' | 'executions'>;
  log: LiveLog;
  /** Whether the unfinished asynchronous invocations are kept for the next run (`--persist`). */
  keepsAsyncInvocations: boolean;
  /** Aborted by a second Ctrl-C: stop waiting, close everything now. */
  force: AbortSignal;
  /** The engines stay up (a hot-reload restart on them): the log must not say they close. */
  keepsEngines?: boolean;
}

/**
 * The first half of stopping, before anything closes: no new requests or deliveries are taken in (the HTTP API
 * turns new requests away, pollers and schedules stop), and every invocation already running finishes (each
 * bounded by its function's timeout) against an endpoint and engines that are still up, so none of them fails
 * with ECONNREFUSED and retries are not scheduled into a runtime on its way out. The live log says what it
 * waits for. Resolves early when `force` aborts.
 */
export async function drainForStop(parts: OrderlyStopParts): Promise<void> {
  const { log, lambda, force } = parts;
  log.write('runtime', 'stopping: no new requests or deliveries; finishing what is running (Ctrl-C again to force)');
  const waiting = new Set(parts.intake.map((part) => part.name));
  const sayWhatRuns = () => {
    const invocations = lambda.executions().map((e) => `${e.functionName} (${e.invocationType}, ${(e.runningForMs / 1000).toFixed(1)} s)`);
    if (invocations.length > 0) log.write('runtime', `stopping: waiting for ${invocations.length} invocation(s): ${invocations.join(', ')}`);
    return invocations.length;
  };
  sayWhatRuns();
  const report = setInterval(() => {
    if (sayWhatRuns() === 0 && waiting.size > 0) log.write('runtime', `stopping: waiting for ${[...waiting].join(', ')}`);
  }, WAITING_REPORT_INTERVAL_MS);
  report.unref();
  const forced = new Promise<'forced'>((resolve) => {
    if (force.aborted) resolve('forced');
    force.addEventListener('abort', () => resolve('forced'), { once: true });
  });
  try {
    const intake = Promise.all(
      parts.intake.map(async (part) => {
        try {
          await part.drain();
        } catch (error) {
          log.write('error', `stopping ${part.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          waiting.delete(part.name);
        }
      }),
    );
    if ((await Promise.race([intake, forced])) === 'forced') return forcedStop(log);
    const drained = await Promise.race([lambda.drain(), forced]);
    if (drained === 'forced') return forcedStop(log);
    if (drained.asyncLeft > 0) {
      log.write(
        parts.keepsAsyncInvocations ? 'runtime' : 'warn',
        parts.keepsAsyncInvocations
          ? `stopping: ${drained.asyncLeft} asynchronous invocation(s) not finished, kept for the next start`
          : `stopping: ${drained.asyncLeft} asynchronous invocation(s) not finished are dropped (--persist keeps them for the next start)`,
      );
    }
    log.write(
      'runtime',
      parts.keepsEngines
        ? 'stopping: nothing running; closing the endpoint and the HTTP API (the engines are stopped by whoever started them)'
        : 'stopping: nothing running; closing the endpoint, the HTTP API and the engines',
    );
  } finally {
    clearInterval(report);
  }
}

function forcedStop(log: LiveLog): void {
  log.write('warn', 'stopping: forced; invocations still running are cut short (a --persist run retries their batches)');
}
