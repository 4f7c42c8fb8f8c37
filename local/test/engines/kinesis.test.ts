import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineStartError } from '../../engines/errors.ts';
import { startKinesis } from '../../engines/kinesis.ts';
import { KINESALITE_MAX_REQUEST_BYTES } from '../../engines/kinesis-limits.ts';
import type { RunningEngine } from '../../engines/types.ts';
import { localClientConfig } from './support/clients.ts';

describe('Kinesis engine', () => {
  let engine: RunningEngine;
  /** Exactly what handler code writes: the SDK's default request handler, HTTP/2. */
  let http2Client: KinesisClient;
  let http1Client: KinesisClient;

  beforeAll(async () => {
    engine = await startKinesis();
    http2Client = new KinesisClient(localClientConfig(engine.endpoint));
    http1Client = new KinesisClient({ ...localClientConfig(engine.endpoint), requestHandler: new NodeHttpHandler() });
  });
  afterAll(async () => {
    http2Client?.destroy();
    http1Client?.destroy();
    await engine?.stop();
  });

  async function createStream(client: KinesisClient, name: string): Promise<string> {
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    await waitUntilStreamExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 } as never, { StreamName: name });
    const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return StreamDescriptionSummary!.StreamARN!;
  }

  async function readAll(client: KinesisClient, name: string): Promise<_Record[]> {
    const { Shards } = await client.send(new ListShardsCommand({ StreamName: name }));
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: name, ShardId: Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const { Records } = await client.send(new GetRecordsCommand({ ShardIterator }));
    return Records ?? [];
  }

  it('serves an unchanged KinesisClient, whose default request handler is HTTP/2', async () => {
    // Prepare
    expect(http2Client.config.requestHandler).toBeInstanceOf(NodeHttp2Handler);
    await createStream(http2Client, 'clicks');

    // Act
    const put = await http2Client.send(
      new PutRecordsCommand({
        StreamName: 'clicks',
        Records: [
          { PartitionKey: 'user-1', Data: Buffer.from('{"n":1}') },
          { PartitionKey: 'user-1', Data: Buffer.from('{"n":2}') },
        ],
      }),
    );
    const records = await readAll(http2Client, 'clicks');

    // Assess
    expect(put.FailedRecordCount).toBe(0);
    expect(records.map((record) => Buffer.from(record.Data!).toString())).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('serves an HTTP/1.1 client on the same port', async () => {
    // Prepare
    await createStream(http1Client, 'views');

    // Act
    await http1Client.send(new PutRecordsCommand({ StreamName: 'views', Records: [{ PartitionKey: 'p', Data: Buffer.from('over http/1.1') }] }));
    const records = await readAll(http1Client, 'views');

    // Assess
    expect(records.map((record) => Buffer.from(record.Data!).toString())).toEqual(['over http/1.1']);
  });

  it('answers an HTTP/2 client and an HTTP/1.1 client with the same AWS-shaped error', async () => {
    // Act
    const errors = await Promise.all(
      [http2Client, http1Client].map((client) =>
        client
          .send(new PutRecordsCommand({ StreamName: 'missing', Records: [{ PartitionKey: 'p', Data: Buffer.from('x') }] }))
          .catch((error: unknown) => error),
      ),
    );

    // Assess
    expect(errors.map((error) => (error as Error).name)).toEqual(['ResourceNotFoundException', 'ResourceNotFoundException']);
  });

  it('identifies a stream by StreamARN alone, as the SDK recommends', async () => {
    // Prepare
    const streamArn = await createStream(http2Client, 'by-arn');

    // Act
    await http2Client.send(new PutRecordsCommand({ StreamARN: streamArn, Records: [{ PartitionKey: 'p', Data: Buffer.from('by arn') }] }));
    const records = await readAll(http2Client, 'by-arn');

    // Assess
    expect(records.map((record) => Buffer.from(record.Data!).toString())).toEqual(['by arn']);
  });

  it("accepts a PutRecords request above kinesalite's 7 MiB body limit and keeps the records in order", async () => {
    // Prepare: 500 records of 15 KiB: ~7.3 MiB of data, ~10 MiB once base64-encoded in JSON
    await createStream(http2Client, 'large');
    const records = Array.from({ length: 500 }, (_, i) => ({
      PartitionKey: 'same-key',
      Data: Buffer.concat([Buffer.from(`${String(i).padStart(3, '0')}:`), randomBytes(15 * 1024)]),
    }));
    expect(JSON.stringify({ Records: records.map((r) => ({ ...r, Data: r.Data.toString('base64') })) }).length).toBeGreaterThan(KINESALITE_MAX_REQUEST_BYTES);

    // Act
    const put = await http2Client.send(new PutRecordsCommand({ StreamName: 'large', Records: records }));
    const stored = await readAll(http2Client, 'large');

    // Assess
    expect(put.FailedRecordCount).toBe(0);
    expect(put.Records).toHaveLength(500);
    expect(stored.map((record) => Buffer.from(record.Data!).subarray(0, 3).toString())).toEqual(records.map((_, i) => String(i).padStart(3, '0')));
    expect(put.Records!.map((record) => record.SequenceNumber)).toEqual(stored.map((record) => record.SequenceNumber));
  });

  it("refuses a PutRecords request above Kinesis's 10 MiB limit", async () => {
    // Prepare: 11 records of 1 MiB (each within the per-record limit)
    await createStream(http2Client, 'too-large');
    const records = Array.from({ length: 11 }, () => ({ PartitionKey: 'p', Data: randomBytes(1024 * 1024 - 8) }));

    // Act
    const error = await http2Client.send(new PutRecordsCommand({ StreamName: 'too-large', Records: records })).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).name).toBe('InvalidArgumentException');
    expect((error as Error).message).toMatch(/exceeds 10 MiB/);
    expect(await readAll(http2Client, 'too-large')).toEqual([]);
  });
});

describe('Kinesis engine with a data directory', () => {
  it('refuses to start on a directory another engine holds, naming it', async () => {
    // Prepare
    const path = await mkdtemp(join(tmpdir(), 'eventful-kinesis-'));
    const holder = await startKinesis({ path });

    // Act
    const error = await startKinesis({ path }).catch((caught: unknown) => caught);

    // Assess
    try {
      expect(error).toBeInstanceOf(EngineStartError);
      expect((error as Error).message).toContain(`kinesis engine failed to start: ${path} is in use by another process`);
    } finally {
      await holder.stop();
      await rm(path, { recursive: true, force: true });
    }
  });
});
