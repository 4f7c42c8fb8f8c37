import { parseArgs } from 'node:util';
import type { CommandIO } from '@eventful/local';
import { UsageError } from '@eventful/local/cli';
import { eventBridgeEvent } from '@eventful/local/aws-events';
import { UnknownEventTypeError } from '../../shared/events/index.ts';
import { sampleCatalogEvent } from '../sample/sample-catalog-event.ts';

export const sampleHelp = `eventful sample <detail-type> [--envelope]

Prints a valid catalog event's data, generated from its schema, to edit and emit:
  npx eventful sample OrderPlaced > order.json   # edit it, then
  npx eventful emit OrderPlaced --detail @order.json
  --envelope                the whole EventBridge event a rule target receives (metadata included)`;

export async function sampleCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { envelope: { type: 'boolean', default: false } } });
  const [detailType, ...extra] = positionals;
  if (!detailType) throw new UsageError('missing <detail-type>');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  let event: ReturnType<typeof sampleCatalogEvent>;
  try {
    event = sampleCatalogEvent(detailType);
  } catch (error) {
    if (error instanceof UnknownEventTypeError) throw new UsageError(error.message);
    throw error;
  }
  io.out(JSON.stringify(values.envelope ? eventBridgeEvent(event) : event.detail.data, null, 2));
  return 0;
}
