import {
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand,
  ResourceInUseException,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { StreamSpec } from '../topology/types.ts';
import { ProvisionError } from './errors.ts';
import { describe } from './tables.ts';

export interface ProvisionedStream {
  name: string;
  arn: string;
  engineArn: string;
  existed: boolean;
}

const ACTIVE_WAIT_MS = 5_000;

/**
 * kinesalite has no on-demand mode: an ON_DEMAND stream gets the loader's shard count (AWS starts on-demand
 * streams with 4 shards). A stream is usable only once ACTIVE (kinesalite: ~50 ms after CreateStream).
 */
export async function provisionStream(client: KinesisClient, stream: StreamSpec): Promise<ProvisionedStream> {
  const where = `Kinesis stream ${stream.name}`;
  let existed = false;
  try {
    await client.send(new CreateStreamCommand({ StreamName: stream.name, ShardCount: Math.max(1, stream.shardCount) }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw new ProvisionError(where, describe(error), { cause: error });
    existed = true;
  }
  const deadline = Date.now() + ACTIVE_WAIT_MS;
  for (;;) {
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream.name }));
    if (summary?.StreamStatus === 'ACTIVE') {
      await applyRetention(client, stream, summary.RetentionPeriodHours, where);
      return { name: stream.name, arn: stream.arn, engineArn: summary.StreamARN ?? stream.arn, existed };
    }
    if (Date.now() > deadline) throw new ProvisionError(where, `still ${summary?.StreamStatus ?? 'unknown'} after ${ACTIVE_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * CreateStream always makes a 24-hour stream; CloudFormation applies `RetentionPeriodHours` with
 * Increase/DecreaseStreamRetentionPeriod, and so do we (also on a stream kept from an earlier run).
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html
 */
async function applyRetention(client: KinesisClient, stream: StreamSpec, currentHours: number | undefined, where: string): Promise<void> {
  const wanted = stream.retentionPeriodHours;
  if (currentHours === undefined || currentHours === wanted) return;
  const input = { StreamName: stream.name, RetentionPeriodHours: wanted };
  try {
    await client.send(wanted > currentHours ? new IncreaseStreamRetentionPeriodCommand(input) : new DecreaseStreamRetentionPeriodCommand(input));
  } catch (error) {
    throw new ProvisionError(where, `RetentionPeriodHours ${wanted}: ${describe(error)}`, { cause: error });
  }
}
