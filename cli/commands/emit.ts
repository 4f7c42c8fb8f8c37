import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createEvent, definitionOf, type CatalogEvent, type EventDefinition } from '../../shared/events/index.ts';
import type { CommandIO } from '@eventful/local';
import { UsageError } from '@eventful/local/cli';

export const emitHelp = `eventful emit <detail-type> --detail <json|@file> [options]

Validates an event's data against the catalog and publishes it to the bus; prints the event id.
  --detail <json|@file>     the event's data (detail.data), inline JSON or @path/to/file.json
  --bus <name>              event bus name (default: $EVENT_BUS_NAME, else "eventful")
  --correlation-id <id>     continue an existing correlation instead of starting one
  --idempotency-key <key>   business idempotency key (default: the event id)
Publishes to AWS with the usual credential chain, or to the local runtime when AWS_ENDPOINT_URL is set.`;

/** Sends validated catalog events somewhere; returns the eventful event ids in order. */
export type Publish = (events: CatalogEvent[], busName: string) => Promise<string[]>;

export async function emitCommand(argv: string[], io: CommandIO, publish: Publish = publishToEventBridge): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      detail: { type: 'string' },
      bus: { type: 'string' },
      'correlation-id': { type: 'string' },
      'idempotency-key': { type: 'string' },
    },
  });
  const [detailType, ...extra] = positionals;
  if (!detailType) throw new UsageError('missing <detail-type>');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.detail === undefined) throw new UsageError('missing --detail <json|@file>');

  // Validation happens here, before any client exists: bad input never reaches the network.
  // Typed as the general definition: the data is unknown JSON until createEvent validates it.
  const definition: EventDefinition = definitionOf(detailType);
  const event = createEvent(definition, await readDetail(values.detail), {
    ...(values['correlation-id'] ? { correlationId: values['correlation-id'] } : {}),
    ...(values['idempotency-key'] ? { idempotencyKey: values['idempotency-key'] } : {}),
  });
  const busName = values.bus ?? process.env['EVENT_BUS_NAME'] ?? 'eventful';
  const [eventId] = await publish([event], busName);
  io.out(eventId ?? event.detail.metadata.eventId);
  return 0;
}

async function readDetail(argument: string): Promise<unknown> {
  const text = argument.startsWith('@')
    ? await readFile(argument.slice(1), 'utf8').catch((error: Error) => {
        throw new UsageError(`cannot read --detail file ${argument.slice(1)}: ${error.message}`);
      })
    : argument;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--detail is not valid JSON: ${(error as Error).message}`);
  }
}

/** The real thing: the same publisher functions use, so the CLI gets batching, retries and claim check. */
const publishToEventBridge: Publish = async (events, busName) => {
  const { createEventPublisher } = await import('../../shared/publishing/index.ts');
  const publish = createEventPublisher({ env: { ...process.env, EVENT_BUS_NAME: busName } });
  const result = await publish(events);
  return result.published.map((p) => p.eventId);
};
