import { parseArgs } from 'node:util';
import { ADMIN_REQUEST_HEADER } from '../../endpoint/request-guard.ts';
import type { DeliveryOutcome } from '../../scheduler/index.ts';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, localEndpoint } from './local-endpoint.ts';

export const fireHelp = `eventful fire <schedule-name> [--group <name>] [--endpoint <url>]

Fires a schedule (EventBridge Scheduler) or scheduled rule of the local runtime now, whatever its state, and
waits for its delivery (retries included); prints the outcome. Exit code 1 unless delivered.
  --group <name>            the schedule group, when several groups have a schedule of that name
${ENDPOINT_HELP}`;

interface FireAnswer {
  executionId: string;
  outcome: DeliveryOutcome;
}

export async function fireCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { group: { type: 'string' }, endpoint: { type: 'string' } },
  });
  const [name, ...extra] = positionals;
  if (!name) throw new UsageError('missing <schedule-name>');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const url = new URL(`/_eventful/schedules/${encodeURIComponent(name)}/fire`, localEndpoint(values.endpoint));
  if (values.group) url.searchParams.set('group', values.group);
  // The endpoint refuses state-changing admin requests without this header, which a web page cannot send.
  const response = await fetch(url, { method: 'POST', headers: { [ADMIN_REQUEST_HEADER]: '1' } });
  const answer = (await response.json()) as FireAnswer | { message: string };
  if (!response.ok || !('outcome' in answer)) {
    io.err(`error: ${'message' in answer ? answer.message : `HTTP ${response.status}`}`);
    return 1;
  }
  const { outcome } = answer;
  const attempts = `${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}`;
  const detail = 'errorCode' in outcome ? ` (${outcome.errorCode})` : '';
  io.out(`${name} fired (execution ${answer.executionId}): ${outcome.status} after ${attempts}${detail}`);
  return outcome.status === 'delivered' ? 0 : 1;
}
