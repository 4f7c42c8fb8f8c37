import { CreateStreamCommand, KinesisClient, PutRecordsCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { startKinesis } from '../../../engines/kinesis.ts';
import type { RunningEngine } from '../../../engines/types.ts';
import { REGION, streamArn } from './topology.ts';

export interface PutRecord {
  sequenceNumber: string;
  shardId: string;
  partitionKey: string;
}

export interface KinesisFixture {
  engine: RunningEngine;
  kinesis: KinesisClient;
  /** Creates a stream and waits until it is ACTIVE; returns its ARN. */
  createStream(name: string, shardCount?: number): Promise<string>;
  /** Puts JSON records in one PutRecords call, in order. */
  put(name: string, records: { data: unknown; partitionKey?: string }[]): Promise<PutRecord[]>;
  stop(): Promise<void>;
}

export async function kinesisFixture(): Promise<KinesisFixture> {
  const engine = await startKinesis();
  const kinesis = new KinesisClient({ endpoint: engine.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    engine,
    kinesis,
    async createStream(name, shardCount = 1) {
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 } as never, { StreamName: name });
      return streamArn(name);
    },
    async put(name, records) {
      const { Records } = await kinesis.send(
        new PutRecordsCommand({
          StreamName: name,
          Records: records.map((record) => ({ Data: Buffer.from(JSON.stringify(record.data)), PartitionKey: record.partitionKey ?? 'pk' })),
        }),
      );
      return (Records ?? []).map((result, index) => ({
        sequenceNumber: result.SequenceNumber!,
        shardId: result.ShardId!,
        partitionKey: records[index]!.partitionKey ?? 'pk',
      }));
    },
    async stop() {
      kinesis.destroy();
      await engine.stop();
    },
  };
}

/** The JSON data of each record of a Kinesis event. */
export const kinesisData = (event: { Records: { kinesis: { data: string } }[] }) =>
  event.Records.map((record) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')));
