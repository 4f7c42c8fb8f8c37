import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCommands, runCli, type SampleHook } from '../../cli/index.ts';
import { startLocalRuntime, type LocalRuntime } from '../../runtime/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** The app's side of `--sample eventbridge:<DetailType>`: this fixture's one event type. */
const sample: SampleHook = {
  event(detailType) {
    if (detailType !== 'OrderPlaced') throw new Error(`Unknown event type "${detailType}". Known types: OrderPlaced`);
    return { source: 'fixture.orders', detailType, detail: { orderId: 'o-sampled' } };
  },
};

describe('eventful invoke against a running local runtime', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, '--endpoint', runtime.endpointUrl], localCommands({ sample }), { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const storedOrder = async (orderId: string) => {
    const dynamodb = new DynamoDBClient({ ...client, endpoint: runtime.endpointUrl });
    return (await dynamodb.send(new GetItemCommand({ TableName: FIXTURE_NAMES.table, Key: { orderId: { S: orderId } } }))).Item;
  };

  beforeAll(async () => {
    assemblyDir = synthesizeRuntimeFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
  });

  afterAll(async () => {
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('invokes a function by its construct path with an SQS sample carrying --event, and prints result and duration', async () => {
    // Act
    const result = await run(
      'invoke',
      'Writer',
      '--sample',
      'sqs',
      '--event',
      JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { orderId: 'o-invoked' } }),
    );

    // Assess
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/"batchItemFailures": \[\]/);
    expect(result.out).toMatch(/^Writer succeeded in \d+ ms \(request [0-9a-f-]{36}, fixture-writer\)$/m);
    expect(await storedOrder('o-invoked')).toMatchObject({ detailType: { S: 'OrderPlaced' } });
  });

  it("delivers the app's catalog event the way a rule with a queue target does (sqs:eventbridge:<DetailType>)", async () => {
    // Act
    const result = await run('invoke', 'writer', '--sample', 'sqs:eventbridge:OrderPlaced', '--json');

    // Assess
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.out);
    expect(answer).toMatchObject({ function: { path: 'Writer', name: FIXTURE_NAMES.writer }, response: { batchItemFailures: [] } });
    expect(answer.durationMs).toBeGreaterThanOrEqual(0);
    const record = answer.event.Records[0];
    // The queue the function's mapping reads, in the app's account: where the runtime itself would deliver from.
    expect(record.eventSourceARN).toMatch(new RegExp(`:${FIXTURE_NAMES.workQueue}$`));
    expect(JSON.parse(record.body)).toMatchObject({ version: '0', source: 'fixture.orders', 'detail-type': 'OrderPlaced', detail: { orderId: 'o-sampled' } });
    expect(await storedOrder('o-sampled')).toBeDefined();
  });

  it('invokes with the event given as is (--event alone)', async () => {
    const event = { Records: [{ body: JSON.stringify({ 'detail-type': 'Direct', detail: { orderId: 'o-direct' } }) }] };

    const result = await run('invoke', 'RuntimeFixture/Writer', '--event', JSON.stringify(event));

    expect(result.code).toBe(0);
    expect(await storedOrder('o-direct')).toMatchObject({ detailType: { S: 'Direct' } });
  });

  it('prints the logs and exits 1 when the function fails', async () => {
    // Records without a body: the handler throws on JSON.parse.
    const result = await run('invoke', 'Writer', '--event', '{"Records":[{}]}');

    expect(result.code).toBe(1);
    expect(result.out).toContain('"errorType": "SyntaxError"');
    expect(result.out).toMatch(/^Writer failed \(Unhandled\) in \d+ ms/m);
  });

  it('says when no runtime answers at the endpoint', async () => {
    const err: string[] = [];

    const code = await runCli(['invoke', 'Writer', '--sample', 'sqs', '--endpoint', 'http://127.0.0.1:9'], localCommands(), {
      out: () => {},
      err: (l) => err.push(l),
    });

    expect(code).toBe(1);
    expect(err.join('\n')).toContain('no local runtime answers at http://127.0.0.1:9');
  });

  it.each([
    [['invoke', 'Nope', '--sample', 'sqs'], 'no function "Nope" in this app; its functions: Writer'],
    [['invoke', 'Writer', '--sample', 'carrier-pigeon'], 'unknown sample kind "carrier-pigeon"'],
    [['invoke', 'Writer', '--sample', 'eventbridge:OrderTeleported'], 'Unknown event type "OrderTeleported". Known types: OrderPlaced'],
    [['invoke', 'Writer', '--sample', 'http:GET /orders/o-1'], 'Writer is not the integration of any HTTP API route'],
    [['invoke', 'Writer'], 'give --event <json|@file>, --sample <kind>, or both'],
  ])('refuses %j with exit code 2, naming what is wrong', async (argv, message) => {
    const result = await run(...argv);

    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
