import { parseArgs } from 'node:util';
import type { ActivityLine } from '../../runtime/admin-routes.ts';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, localEndpoint } from './local-endpoint.ts';

export const tailHelp = `eventful tail [--count N] [--endpoint <url>]

Streams what flows through the local runtime, as its live log shows it: events → rule → target → outcome,
Lambda invocations, event-source-mapping batches, HTTP requests, schedules. Runs until Ctrl-C or the runtime stops.
  --count N                 stop after N lines
${ENDPOINT_HELP}`;

export interface TailDependencies {
  /** Stops tailing (Ctrl-C by default, which simply ends the process). */
  signal?: AbortSignal;
  /** Called once the stream is open: activity from then on is shown. */
  onConnected?: () => void;
}

export async function tailCommand(argv: string[], io: CommandIO, deps: TailDependencies = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { count: { type: 'string' }, endpoint: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const count = values.count === undefined ? Infinity : Number(values.count);
  const validCount = count === Infinity || (Number.isInteger(count) && count > 0);
  if (!validCount) throw new UsageError(`--count must be a positive integer, got "${values.count}"`);

  const abort = new AbortController();
  deps.signal?.addEventListener('abort', () => abort.abort(), { once: true });
  const response = await fetch(new URL('/_eventful/activity', localEndpoint(values.endpoint)), { signal: abort.signal });
  if (!response.ok || !response.body) {
    io.err(`error: the runtime answered HTTP ${response.status} for its activity stream`);
    return 1;
  }
  deps.onConnected?.();
  let shown = 0;
  let buffer = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      // Server-sent events: one `data:` line per event, events separated by a blank line.
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const field of event.split('\n')) {
          if (!field.startsWith('data: ')) continue;
          io.out((JSON.parse(field.slice(6)) as ActivityLine).line);
          shown += 1;
          if (shown >= count) {
            abort.abort();
            return 0;
          }
        }
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  return 0;
}
