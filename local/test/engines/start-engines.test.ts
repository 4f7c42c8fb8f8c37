import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineStartError } from '../../engines/errors.ts';
import { startEngines, type Engines } from '../../engines/start-engines.ts';
import type { EngineLogEntry } from '../../engines/types.ts';
import { localClientConfig } from './support/clients.ts';
import { dynamoDbLocalChildrenOf, isRunning, waitUntilGone } from './support/processes.ts';

describe('startEngines', () => {
  let engines: Engines;
  const logged: EngineLogEntry[] = [];

  beforeAll(async () => {
    engines = await startEngines({ log: (entry) => logged.push(entry) });
  });
  afterAll(async () => {
    await engines?.stop();
  });

  it('starts every engine on its own free port and says when each was ready', async () => {
    // Act
    const endpoints = [engines.dynamodb.endpoint, engines.kinesis.endpoint, engines.sqs.endpoint];
    const tables = await new DynamoDBClient(localClientConfig(engines.dynamodb.endpoint)).send(new ListTablesCommand({}));

    // Assess
    expect(new Set(endpoints).size).toBe(3);
    expect(engines.s3.endpoint).toBe(engines.sqs.endpoint);
    expect(tables.TableNames).toEqual([]);
    expect(engines.readyInMs.all).toBeGreaterThanOrEqual(Math.max(engines.readyInMs.dynamodb, engines.readyInMs.kinesis, engines.readyInMs['sqs-s3']));
    expect(
      logged
        .filter((entry) => entry.level === 'info')
        .map((entry) => entry.engine)
        .sort(),
    ).toEqual(['dynamodb', 'kinesis', 'sqs-s3']);
  });

  it('leaves no process behind once stop() resolves', async () => {
    // Prepare
    const own = await startEngines();
    expect(dynamoDbLocalChildrenOf(process.pid)).toContain(own.dynamodb.pid);

    // Act
    await own.stop();

    // Assess
    expect(isRunning(own.dynamodb.pid)).toBe(false);
    expect(dynamoDbLocalChildrenOf(process.pid)).not.toContain(own.dynamodb.pid);
  });
});

describe('startEngines when an engine cannot start', () => {
  let blocker: Server;
  let takenPort: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    takenPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('names the engine and the reason, and stops the engines that did start', async () => {
    // Prepare
    const before = dynamoDbLocalChildrenOf(process.pid);

    // Act
    const error = await startEngines({ ports: { sqsS3: takenPort } }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EngineStartError);
    expect((error as EngineStartError).engine).toBe('sqs-s3');
    expect((error as Error).message).toMatch(new RegExp(`^sqs-s3 engine failed to start: fauxqs did not start on port ${takenPort}: .*EADDRINUSE`));
    expect(dynamoDbLocalChildrenOf(process.pid)).toEqual(before);
  });
});

describe('the DynamoDB Local process when its parent ends', () => {
  const fixture = fileURLToPath(new URL('./fixtures/start-dynamodb-then-wait.ts', import.meta.url));

  // SIGKILL runs no JavaScript: the Linux parent-death signal (setpriv --pdeathsig) covers it.
  it.each([
    ['is interrupted (Ctrl-C, SIGINT)', 'SIGINT', 'wait'],
    ['is terminated (SIGTERM)', 'SIGTERM', 'wait'],
    ['is killed (SIGKILL)', 'SIGKILL', 'wait'],
    ['dies of an uncaught exception', 'SIGUSR2', 'throw'],
  ] as const)('is gone when the parent %s', async (_, signal, mode) => {
    // Prepare
    const parent = spawn(process.execPath, [fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => parent.once('exit', () => resolve()));
    const javaPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      let err = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { pid: number }).pid);
      });
      parent.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before printing the Java pid: ${err}`)));
    });
    expect(isRunning(javaPid)).toBe(true);

    // Act
    if (signal) parent.kill(signal);
    await exited;

    // Assess
    expect(await waitUntilGone(javaPid)).toBe(true);
  });
});
