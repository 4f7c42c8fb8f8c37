import { EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, jsonArgument, localClientConfig, localEndpoint } from './local-endpoint.ts';

export const testPatternHelp = `eventful test-pattern --pattern <json|@file> --event <json|@file> [--endpoint <url>]

Asks the local runtime's EventBridge (TestEventPattern) whether the pattern matches the event; prints true or false.
The event needs id, account, source, time, region and detail-type, as AWS requires. Exit code 0 either way.
${ENDPOINT_HELP}`;

export async function testPatternCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { pattern: { type: 'string' }, event: { type: 'string' }, endpoint: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const pattern = await jsonArgument('--pattern', values.pattern);
  const event = await jsonArgument('--event', values.event);
  const client = new EventBridgeClient(localClientConfig(localEndpoint(values.endpoint)));
  try {
    const { Result } = await client.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event }));
    io.out(String(Result === true));
    return 0;
  } finally {
    client.destroy();
  }
}
