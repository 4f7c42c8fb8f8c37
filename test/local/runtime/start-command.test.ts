import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommand } from '../../../local/cli/index.ts';
import { main } from '../../../cli/main.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from '../../../local/test/runtime/fixtures/runtime-fixture-app.ts';

const BIN = fileURLToPath(new URL('../../../bin/eventful.mjs', import.meta.url));

/** Pids of the processes below `pid` whose command line mentions `needle` (Linux /proc). */
function descendants(pid: number, needle: string): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const below = (p: number): number[] => [...parents].filter(([, parent]) => parent === p).flatMap(([child]) => [child, ...below(child)]);
  return below(pid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false;
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('eventful start', () => {
  let assemblyDir: string;

  beforeAll(() => {
    assemblyDir = synthesizeRuntimeFixture();
  });

  afterAll(() => {
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('prints the URLs and exactly one ready line, once tables and queues accept requests, then stops on SIGINT with exit code 0 and no Java process left', async () => {
    // Prepare
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--api-port', '0', '--assembly', assemblyDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "ready" after 30 s:\n${output}`)), 30_000);
      child.stdout.on('data', () => {
        if (/\bready\b/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`exited before ready:\n${output}`)));
    });
    const readyAfterMs = Date.now() - started;
    // What a script waiting for "ready" does next: use the app's resources at once.
    const endpoint = /^AWS endpoint\s+(http:\S+)/m.exec(output)?.[1];
    expect(endpoint, `no endpoint URL before ready:\n${output}`).toBeDefined();
    const client = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    const table = await new DynamoDBClient(client).send(new DescribeTableCommand({ TableName: FIXTURE_NAMES.table }));
    const queue = await new SQSClient(client).send(new GetQueueUrlCommand({ QueueName: FIXTURE_NAMES.workQueue }));
    const java = descendants(child.pid ?? -1, 'java');
    // Act
    child.kill('SIGINT');
    const code = await exited;
    // Assess
    expect(output).toMatch(/AWS endpoint {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/HTTP API {6}http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/explorer {6}http:\/\/127\.0\.0\.1:\d+\/_eventful\/explorer\/\n/);
    expect(output).toContain('demo catalog not seeded: no function has PRODUCTS_TABLE in its environment\n');
    expect(output).toContain('stopped');
    expect(output.split('\n').filter((line) => /\bready\b/i.test(line))).toEqual([expect.stringMatching(/^ready in /)]);
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    expect(queue.QueueUrl).toContain(FIXTURE_NAMES.workQueue);
    expect(code).toBe(0);
    expect(java.length).toBeGreaterThan(0);
    expect(java.filter(alive)).toEqual([]);
    expect(readyAfterMs).toBeGreaterThan(0); // how fast: npm run bench, not a timed test
  });

  it("skips the app's seed hook with --no-seed and says so before ready", async () => {
    // Prepare
    const out: string[] = [];
    let seeded = false;

    // Act
    const code = await startCommand(
      ['--port', '0', '--api-port', '0', '--assembly', assemblyDir, '--no-seed'],
      { out: (line) => out.push(line), err: (line) => out.push(line) },
      {
        seed: {
          describe: 'the demo catalog',
          run: async () => {
            seeded = true;
            return [];
          },
        },
        untilStopped: async () => 'test over',
      },
    );

    // Assess
    expect(code).toBe(0);
    expect(seeded).toBe(false);
    const skipped = out.indexOf('--no-seed: the demo catalog not seeded');
    expect(skipped).toBeGreaterThan(-1);
    expect(out.findIndex((line) => line.startsWith('ready in'))).toBeGreaterThan(skipped);
    expect(out.join('\n')).not.toContain('demo catalog:');
  });

  it('forces the stop on a second signal, and still exits 0', async () => {
    // Prepare
    const out: string[] = [];

    // Act
    const code = await startCommand(
      ['--port', '0', '--api-port', '0', '--assembly', assemblyDir, '--no-seed'],
      { out: (line) => out.push(line), err: (line) => out.push(line) },
      {
        untilStopped: async () => 'SIGINT',
        untilForced: async () => 'SIGINT',
      },
    );

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('SIGINT again: forcing the stop');
    expect(out.at(-1)).toBe('stopped');
  });

  it.each([
    [['--port', 'abc'], '--port must be a port number'],
    [['--api-port', '70000'], '--api-port must be a port number'],
    [['extra'], 'unexpected argument "extra"'],
  ])('refuses %j as bad usage (exit 2)', async (argv, message) => {
    // Prepare
    const err: string[] = [];
    // Act
    const code = await main(['start', ...argv], { out: () => {}, err: (line) => err.push(line) });
    // Assess
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(message);
  });
});
