import { parseArgs } from 'node:util';
import { endedByTimeoutOrCrash } from '../../lambda/function-usage.ts';
import type { RuntimeStatus } from '../../runtime/runtime-status.ts';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, localEndpoint } from './local-endpoint.ts';

export const statusHelp = `eventful status [--json] [--endpoint <url>]

One screen of the running local runtime: buses and their rules, queues with their depth, dead-letter queues with
their message counts and what they catch, streams with their consumers, schedules with their next fire time, and
the functions that ran: environments alive and started (and how many a timeout or crash ended), and the CPU time of
their inits and invocations.
  --json                    the status as JSON (GET /_eventful/status)
${ENDPOINT_HELP}`;

export async function statusCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { endpoint: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const endpoint = localEndpoint(values.endpoint);
  let response: Response;
  try {
    response = await fetch(new URL('/_eventful/status', endpoint));
  } catch (error) {
    io.err(`error: no local runtime answers at ${endpoint} (is npm start running?): ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (!response.ok) {
    io.err(`error: ${endpoint}/_eventful/status answered HTTP ${response.status}: ${await response.text()}`);
    return 1;
  }
  const status = (await response.json()) as RuntimeStatus;
  if (values.json) io.out(JSON.stringify(status, null, 2));
  else for (const line of renderStatus(status, new Date())) io.out(line);
  return 0;
}

/** The status as aligned lines, one section per kind of resource; empty sections are left out. */
export function renderStatus(status: RuntimeStatus, now: Date): string[] {
  const lines: string[] = [];
  const section = (title: string, rows: string[][]) => {
    if (rows.length === 0) return;
    lines.push(lines.length === 0 ? title : `\n${title}`);
    const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
    for (const row of rows)
      lines.push(`  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd());
  };
  section(
    'Buses and rules',
    status.buses.flatMap((bus) => [
      [bus.name, `${bus.rules.length} rule${bus.rules.length === 1 ? '' : 's'}`, ''],
      ...bus.rules.map((rule) => [`  ${rule.name}${rule.state === 'ENABLED' ? '' : ` (${rule.state})`}`, rule.on, `→ ${rule.targets.join(', ')}`]),
    ]),
  );
  const deadLetterNames = new Set(status.deadLetterQueues.map((dlq) => dlq.name));
  section(
    'Queues (waiting / in flight / delayed)',
    status.queues
      .filter((queue) => !deadLetterNames.has(queue.name))
      .map((queue) => [
        queue.name,
        queue.error ? `unknown: ${queue.error}` : `${queue.visible} / ${queue.inFlight} / ${queue.delayed}`,
        queue.deadLetterQueue ? `DLQ ${queue.deadLetterQueue}` : '',
      ]),
  );
  section(
    'Dead-letter queues',
    status.deadLetterQueues.map((dlq) => [
      dlq.name,
      `${dlq.messages} message${dlq.messages === 1 ? '' : 's'}${dlq.messages > 0 ? ' ⚠' : ''}`,
      `for ${dlq.for.join(', ')}`,
    ]),
  );
  section(
    'Streams',
    status.streams.map((stream) => [stream.name, `${stream.kind} (${stream.detail})`, stream.consumers.length > 0 ? `→ ${stream.consumers.join(', ')}` : '']),
  );
  section(
    'Schedules',
    status.schedules.map((schedule) => [
      schedule.name,
      schedule.expression,
      schedule.state === 'ENABLED' && schedule.nextFireTime
        ? `next ${schedule.nextFireTime} (${inTime(Date.parse(schedule.nextFireTime) - now.getTime())})`
        : schedule.state,
    ]),
  );
  section(
    'Functions (environments alive / started; CPU of their inits and answered invocations)',
    // A runtime from before the section existed answers without it.
    (status.functions ?? []).map((fn) => {
      const ended = endedByTimeoutOrCrash(fn.environmentsStopped);
      return [
        fn.functionName,
        `${fn.alive} / ${fn.environmentsStarted}${ended > 0 ? ` (${ended} ended by a timeout or crash)` : ''}`,
        `init ${perRun(fn.initCpuMs, fn.inits)}, invocations ${perRun(fn.invocationCpuMs, fn.invocations)}`,
      ];
    }),
  );
  return lines.length > 0 ? lines : ['the app has no buses, queues, streams or schedules'];
}

/** `12 ms × 40`: the mean CPU time of `count` runs that took `totalMs` together. */
function perRun(totalMs: number, count: number): string {
  return count === 0 ? 'none' : `${(totalMs / count).toFixed(0)} ms × ${count}`;
}

/** `in 4 min 10 s`, `in 3 h 5 min`: how far away a fire time is. */
function inTime(ms: number): string {
  if (ms <= 0) return 'due now';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `in ${seconds} s`;
  if (seconds < 3600) return `in ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  if (seconds < 86_400) return `in ${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `in ${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}
