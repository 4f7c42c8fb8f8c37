import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveLog, startLocalRuntime, type LocalRuntime } from '../../runtime/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';
import { eventually } from './support/eventually.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** An order whose consumer (the fixture's writer, behind the work queue's mapping) takes `delayMs` before it writes. */
const slowOrder = (orderId: string, delayMs: number) => ({
  EventBusName: FIXTURE_NAMES.bus,
  Source: 'fixture.orders',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify({ orderId, delayMs }),
});

describe('stopping the local runtime', () => {
  let assemblyDir: string;
  beforeAll(() => {
    assemblyDir = synthesizeRuntimeFixture();
  });
  afterAll(() => {
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  async function runningWithSlowConsumer(delayMs: number): Promise<{ runtime: LocalRuntime; lines: string[] }> {
    const lines: string[] = [];
    const runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0, log: new LiveLog({ sink: (line) => lines.push(line) }) });
    const events = new EventBridgeClient({ ...client, endpoint: runtime.endpointUrl });
    await events.send(new PutEventsCommand({ Entries: [slowOrder(`o-${delayMs}`, delayMs)] }));
    events.destroy();
    await eventually(async () => (runtime.lambda.executions().some((e) => e.functionName === FIXTURE_NAMES.writer) ? true : undefined), 20_000);
    return { runtime, lines };
  }

  it('lets an invocation running at the stop finish against a live endpoint, then closes', async () => {
    // Prepare: the writer is asleep; it writes to DynamoDB through the endpoint only after the stop began.
    const { runtime, lines } = await runningWithSlowConsumer(2_500);

    // Act
    await runtime.stop();

    // Assess
    const log = lines.join('\n');
    expect(log).toContain('stopping: no new requests or deliveries');
    expect(log).toMatch(/stopping: waiting for .*fixture-writer \(RequestResponse/);
    expect(log).toMatch(/esm sqs → fixture-writer batch of 1 → success/);
    expect(log).not.toContain('ECONNREFUSED');
    expect(lines.findIndex((line) => line.includes('batch of 1 → success'))).toBeLessThan(lines.findIndex((line) => line.includes('closing the endpoint')));
  }, 60_000);

  it('stops waiting for running invocations when forced (a second Ctrl-C)', async () => {
    // Prepare: the writer sleeps 8 of its 10 seconds.
    const { runtime, lines } = await runningWithSlowConsumer(8_000);
    const started = Date.now();

    // Act
    const stopped = runtime.stop();
    await runtime.stop({ force: true });
    await stopped;

    // Assess
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(lines.join('\n')).toContain('stopping: forced');
  }, 60_000);
});
