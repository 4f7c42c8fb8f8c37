import { parseArgs } from 'node:util';
import { ADMIN_REQUEST_HEADER } from '../../endpoint/request-guard.ts';
import { SAMPLE_KINDS } from '../../invoke/sample-event.ts';
import type { InvokeAnswer, InvokeRequest } from '../../invoke/invoke-route.ts';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, jsonArgument, localEndpoint } from './local-endpoint.ts';

/**
 * How an app makes its own events for `--sample eventbridge:<DetailType>` (the runtime knows no app's catalog):
 * an event valid against the app's schema, or an error naming the detail types it knows.
 */
export interface SampleHook {
  /** May load what it needs first (the app's catalog), so the CLI's other commands do not. */
  event(detailType: string): SampleEvent | Promise<SampleEvent>;
}

export interface SampleEvent {
  source: string;
  detailType: string;
  detail: unknown;
}

export const invokeHelp = (hook?: SampleHook) => `eventful invoke <function> [--event <json|@file>] [--sample <kind>] [--json] [--endpoint <url>]

Invokes a function of the running app (by construct path, e.g. Orders/ReserveInventory, its last segment, or
its physical name) and prints its logs, result and duration. Exit code 1 when the function fails.
  --event <json|@file>      the event; with --sample, what the sample carries (SQS body, Kinesis data, DynamoDB
                            item, schedule input, HTTP body, S3 object { bucket, key, size })
  --sample <kind>           a valid AWS event for the function, placed on its queue, stream, schedule or route:
                            ${SAMPLE_KINDS.join(', ')};
                            sqs:<kind> and kinesis:<kind> carry another kind's event (sqs:eventbridge:OrderPlaced)${hook ? '' : "\n                            (eventbridge:<DetailType> needs the app's sample hook: this app has none)"}
  --json                    print the whole answer (event included) as JSON
${ENDPOINT_HELP}`;

export async function invokeCommand(argv: string[], io: CommandIO, hook?: SampleHook): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { event: { type: 'string' }, sample: { type: 'string' }, json: { type: 'boolean', default: false }, endpoint: { type: 'string' } },
  });
  const [name, ...extra] = positionals;
  if (!name) throw new UsageError('missing <function>');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (quote a kind with spaces: --sample "http:GET /orders/o-1")`);
  if (values.event === undefined && values.sample === undefined) throw new UsageError('give --event <json|@file>, --sample <kind>, or both');
  const event = values.event === undefined ? undefined : JSON.parse(await jsonArgument('--event', values.event));
  const request: InvokeRequest = values.sample === undefined ? { event } : await sampleRequest(values.sample, event, hook);

  const url = new URL(`/_eventful/functions/${encodeURIComponent(name)}/invoke`, localEndpoint(values.endpoint));
  // The endpoint refuses state-changing admin requests without this header, which a web page cannot send.
  const response = await fetch(url, {
    method: 'POST',
    headers: { [ADMIN_REQUEST_HEADER]: '1', 'content-type': 'application/json' },
    body: JSON.stringify(request),
  }).catch((error: Error) => {
    const why = error.cause instanceof Error ? error.cause.message : error.message;
    throw new Error(`no local runtime answers at ${url.origin} (${why}): start it with "eventful start", or pass --endpoint`);
  });
  const answer = (await response.json()) as InvokeAnswer | { message: string };
  if (!response.ok || !('requestId' in answer)) {
    io.err(`error: ${'message' in answer ? answer.message : `HTTP ${response.status}`}`);
    return response.status === 400 || response.status === 404 ? 2 : 1;
  }
  if (values.json) {
    io.out(JSON.stringify(answer, null, 2));
  } else {
    for (const line of answer.logs) io.out(`  ${line.message.trimEnd()}`);
    io.out(JSON.stringify(answer.response, null, 2));
    const outcome = answer.functionError ? `failed (${answer.functionError})` : 'succeeded';
    io.out(`${answer.function.path} ${outcome} in ${answer.durationMs} ms (request ${answer.requestId}, ${answer.function.name})`);
  }
  return answer.functionError ? 1 : 0;
}

/** `eventbridge:<DetailType>` anywhere in the kind is made by the app's hook; the runtime makes the rest. */
async function sampleRequest(kind: string, payload: unknown, hook: SampleHook | undefined): Promise<InvokeRequest> {
  const at = kind.indexOf('eventbridge:');
  if (at === -1) return { sample: kind, ...(payload !== undefined && { payload }) };
  const detailType = kind.slice(at + 'eventbridge:'.length);
  if (!hook) throw new UsageError(`--sample ${kind}: this app gives the CLI no sample hook to make its events`);
  if (!detailType) throw new UsageError('--sample eventbridge:<DetailType> needs the detail type');
  let parts: SampleEvent;
  try {
    parts = await hook.event(detailType);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  // --event replaces the generated detail.
  return { sample: `${kind.slice(0, at)}eventbridge`, payload: payload === undefined ? parts : { ...parts, detail: payload } };
}
