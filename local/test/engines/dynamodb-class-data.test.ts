import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitClassPath } from '../../engines/dynamodb-class-data.ts';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../engines/dynamodb-local.ts';
import type { EngineLogEntry } from '../../engines/types.ts';
import { localClientConfig } from './support/clients.ts';

/** The archive a start maps, read from the JVM's memory maps (Linux). */
async function mappedArchives(pid: number): Promise<string[]> {
  const maps = await readFile(`/proc/${pid}/maps`, 'utf8');
  return [...new Set(maps.split('\n').flatMap((line) => /\s(\/\S+\.jsa)$/.exec(line)?.slice(1) ?? []))];
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function answersListTables(engine: RunningDynamoDbLocal): Promise<boolean> {
  const client = new DynamoDBClient(localClientConfig(engine.endpoint));
  try {
    return Array.isArray((await client.send(new ListTablesCommand({}))).TableNames);
  } finally {
    client.destroy();
  }
}

describe.runIf(process.platform === 'linux')('DynamoDB Local class data sharing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventful-cds-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the archive as the first start stops, and the next start maps it', async () => {
    // Prepare: a first start, stopped
    const first = await startDynamoDbLocal({ classDataDir: dir });
    const firstMapped = await mappedArchives(first.pid);
    await first.stop();
    const archives = (await filesUnder(dir)).filter((file) => file.endsWith('.jsa'));

    // Act
    const second = await startDynamoDbLocal({ classDataDir: dir });
    const secondMapped = await mappedArchives(second.pid);
    const answers = await answersListTables(second);
    await second.stop();

    // Assess: the JDK's own archive only at first, then ours on top of it
    expect([first.writesClassDataAtStop, second.writesClassDataAtStop]).toEqual([true, false]);
    expect(archives).toHaveLength(1);
    expect(firstMapped).not.toContain(archives[0]);
    expect(secondMapped).toContain(archives[0]);
    expect(answers).toBe(true);
    expect((await filesUnder(dir)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('starts without an archive the JVM cannot map, and deletes it so that the next stop writes another', async () => {
    // Prepare: the archive replaced by its first megabyte, as a write cut short would leave it (the JVM dies of SIGBUS)
    const archive = (await filesUnder(dir)).find((file) => file.endsWith('.jsa'));
    expect(archive).toBeDefined();
    const whole = await readFile(archive as string);
    await writeFile(archive as string, whole.subarray(0, 1_000_000));
    const log: EngineLogEntry[] = [];

    // Act
    const engine = await startDynamoDbLocal({ classDataDir: dir, log: (entry) => log.push(entry) });
    const answers = await answersListTables(engine);
    const mapped = await mappedArchives(engine.pid);
    const afterStart = await stat(archive as string).catch(() => undefined);
    await engine.stop();

    // Assess
    expect(answers).toBe(true);
    expect(mapped).not.toContain(archive);
    expect(afterStart).toBeUndefined();
    expect(log.some((entry) => entry.level === 'warn' && entry.message.includes('failed to start with its class data archive'))).toBe(true);
    expect((await stat(archive as string)).size).toBeGreaterThan(1_000_000);
  }, 120_000);
});

describe('splitClassPath', () => {
  it('reads a Class-Path continued over lines and keeps the rest of the manifest', () => {
    // Prepare: lines of at most 72 bytes, as jar tools write them
    const manifest = [
      'Manifest-Version: 1.0',
      'Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner',
      'Class-Path: . log4j2.xml DynamoDBLocal_lib/Apache-HttpComponents-HttpC',
      ' lient-4.5.x.jar DynamoDBLocal_lib/libsqlite4java-linux-amd64.so',
      'Bundle-License: DynamoDB Local License Agreement (classpath:LICENSE.tx',
      ' t)',
      '',
      '',
    ].join('\r\n');

    // Act
    const { classPath, withoutClassPath } = splitClassPath(manifest);

    // Assess
    expect(classPath).toEqual([
      '.',
      'log4j2.xml',
      'DynamoDBLocal_lib/Apache-HttpComponents-HttpClient-4.5.x.jar',
      'DynamoDBLocal_lib/libsqlite4java-linux-amd64.so',
    ]);
    expect(withoutClassPath).toBe(
      [
        'Manifest-Version: 1.0',
        'Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner',
        'Bundle-License: DynamoDB Local License Agreement (classpath:LICENSE.tx',
        ' t)',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('reads a manifest without Class-Path as an empty one', () => {
    expect(splitClassPath('Manifest-Version: 1.0\n\n')).toEqual({ classPath: [], withoutClassPath: 'Manifest-Version: 1.0\r\n\r\n' });
  });
});
