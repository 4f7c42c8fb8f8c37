import { DescribeArchiveCommand, DescribeReplayCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, localClientConfig, localEndpoint } from './local-endpoint.ts';

export const replayHelp = `eventful replay --archive <name> --from <iso> --to <iso> [--name <replay>] [--endpoint <url>]

Replays the archived events of [from, to) to the archive's bus on the local runtime (StartReplay); prints the replay's name and state.
  --name <replay>           the replay's name (default: <archive>-<timestamp>)
${ENDPOINT_HELP}`;

export async function replayCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { archive: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, name: { type: 'string' }, endpoint: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.archive) throw new UsageError('missing --archive <name>');
  const from = isoDate('--from', values.from);
  const to = isoDate('--to', values.to);
  if (from >= to) throw new UsageError('--from must be before --to');
  const events = new EventBridgeClient(localClientConfig(localEndpoint(values.endpoint)));
  try {
    const archive = await events.send(new DescribeArchiveCommand({ ArchiveName: values.archive }));
    const name = values.name ?? `${values.archive}-${Date.now()}`;
    await events.send(
      new StartReplayCommand({
        ReplayName: name,
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: from,
        EventEndTime: to,
        Destination: { Arn: archive.EventSourceArn },
      }),
    );
    const { State } = await events.send(new DescribeReplayCommand({ ReplayName: name }));
    io.out(`replay ${name} ${State ?? 'STARTING'}`);
    return 0;
  } finally {
    events.destroy();
  }
}

function isoDate(flag: string, value: string | undefined): Date {
  if (!value) throw new UsageError(`missing ${flag} <iso-8601>`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} is not an ISO-8601 date: "${value}"`);
  return date;
}
