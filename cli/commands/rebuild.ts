import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { ENDPOINT_HELP, localClientConfig, localEndpoint, UsageError, type CommandIO } from '@eventful/local/cli';
import { findStackTable } from '../rebuild/find-tables.ts';
import { rebuildOrderViews } from '../rebuild/rebuild-order-views.ts';

export const rebuildHelp = `eventful rebuild order-view [--endpoint <url> | --aws] [--stack <name>] [--event-store-table <name>] [--orders-table <name>] [--segments <n>]

Rebuilds the orders read model from the event store: folds every order's stream and writes its view,
unless the table holds a newer one (safe while the app runs); a view of the same version is rewritten.
Prints how many orders were found, written, and left alone because the table holds a newer view.
${ENDPOINT_HELP}
  --aws                     talk to AWS instead, with the SDK's usual credentials and region
  --stack <name>            the stack whose tables to find by name (default: Eventful)
  --event-store-table <name>, --orders-table <name>   the tables, when not found by name
  --segments <n>            parallel scan segments of the event store (default: 4)`;

/** Logical ids of the two tables in the Eventful stack (construct paths Orders/EventStore/Events, Orders/ReadModel/Orders). */
const EVENT_STORE_LOGICAL_ID = 'OrdersEventStoreEvents';
const ORDERS_LOGICAL_ID = 'OrdersReadModelOrders';
/** DynamoDB's limit on TotalSegments. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html#DDB-Scan-request-TotalSegments */
const MAX_SCAN_SEGMENTS = 1_000_000;

export async function rebuildCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      aws: { type: 'boolean' },
      stack: { type: 'string' },
      'event-store-table': { type: 'string' },
      'orders-table': { type: 'string' },
      segments: { type: 'string' },
    },
  });
  const [view, ...extra] = positionals;
  if (view !== 'order-view')
    throw new UsageError(view ? `cannot rebuild "${view}": the only rebuildable view is order-view` : 'missing what to rebuild: order-view');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.aws && values.endpoint) throw new UsageError('give --endpoint or --aws, not both');
  const segments = Number(values.segments ?? '4');
  if (!Number.isInteger(segments) || segments < 1 || segments > MAX_SCAN_SEGMENTS)
    throw new UsageError(`--segments must be an integer from 1 to ${MAX_SCAN_SEGMENTS}: "${values.segments}"`);
  const stack = values.stack ?? 'Eventful';
  const client = new DynamoDBClient(values.aws ? {} : localClientConfig(localEndpoint(values.endpoint)));
  try {
    const eventStoreTable = values['event-store-table'] ?? (await findStackTable(client, stack, EVENT_STORE_LOGICAL_ID, '--event-store-table'));
    const ordersTable = values['orders-table'] ?? (await findStackTable(client, stack, ORDERS_LOGICAL_ID, '--orders-table'));
    const report = await rebuildOrderViews({ client, eventStoreTable, ordersTable, segments });
    io.out(
      `rebuilt ${ordersTable} from ${eventStoreTable}: ${report.orders} orders, ${report.written} views written, ${report.newer.length} newer views left alone`,
    );
    return 0;
  } finally {
    client.destroy();
  }
}
