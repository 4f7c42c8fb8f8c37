import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { renderStatus } from '../../../local/cli/commands/status.ts';
import { startLocalRuntime, type LocalRuntime, type RuntimeStatus } from '../../../local/runtime/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from '../../../local/test/runtime/fixtures/runtime-fixture-app.ts';

describe('eventful status against a running local runtime', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['status', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    assemblyDir = synthesizeRuntimeFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
  });

  afterAll(async () => {
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('shows buses and rules, queues with depth, the DLQ with its count and what it catches, the schedule with its next fire time, and the functions that ran', async () => {
    // Prepare
    const sqs = new SQSClient({ endpoint: runtime.endpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: FIXTURE_NAMES.deadLetterQueue }));
    for (const body of ['one', 'two']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const audit = await sqs.send(new GetQueueUrlCommand({ QueueName: FIXTURE_NAMES.auditQueue }));
    await sqs.send(new SendMessageCommand({ QueueUrl: audit.QueueUrl, MessageBody: 'waiting' }));
    sqs.destroy();
    await runtime.lambda.invoke(FIXTURE_NAMES.writer, { Records: [] });

    // Act
    const text = await run('--endpoint', runtime.endpointUrl);
    const json = await run('--json', '--endpoint', runtime.endpointUrl);

    // Assess
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`^  ${FIXTURE_NAMES.bus} +2 rules$`, 'm'));
    expect(text.out).toMatch(/^ {4}\S*WorkRule\S* +detail-type: OrderPlaced; detail: \{"orderId":\[\{"prefix":"o-"\}\]\} +→ sqs fixture-work$/m);
    expect(text.out).toMatch(new RegExp(`^  ${FIXTURE_NAMES.auditQueue} +1 / 0 / 0$`, 'm'));
    expect(text.out).toMatch(new RegExp(`^  ${FIXTURE_NAMES.workQueue} +0 / 0 / 0 +DLQ ${FIXTURE_NAMES.deadLetterQueue}$`, 'm'));
    expect(text.out).toMatch(new RegExp(`^  ${FIXTURE_NAMES.deadLetterQueue} +2 messages ⚠ +for queue ${FIXTURE_NAMES.workQueue}$`, 'm'));
    expect(text.out).toMatch(new RegExp(`^  ${FIXTURE_NAMES.scheduledRule} +rate\\(1 day\\) +next \\d{4}-\\d\\d-\\d\\dT\\S+ \\(in 2\\d h \\d+ min\\)$`, 'm'));
    expect(text.out).toMatch(new RegExp(`^  ${FIXTURE_NAMES.writer} +1 / 1 +init \\d+ ms × 1, invocations \\d+ ms × 1$`, 'm'));
    const status = JSON.parse(json.out) as RuntimeStatus;
    expect(status.deadLetterQueues).toEqual([{ name: FIXTURE_NAMES.deadLetterQueue, messages: 2, for: [`queue ${FIXTURE_NAMES.workQueue}`] }]);
    expect(status.functions).toEqual([
      expect.objectContaining({ functionName: FIXTURE_NAMES.writer, alive: 1, environmentsStarted: 1, environmentsStopped: {}, inits: 1, invocations: 1 }),
    ]);
    expect(status.functions[0]?.initCpuMs).toBeGreaterThan(0);
  });

  it('says when no runtime answers, with exit code 1', async () => {
    // Act
    const result = await run('--endpoint', 'http://127.0.0.1:9');

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('no local runtime answers at http://127.0.0.1:9');
  });
});

describe('renderStatus', () => {
  it('says a schedule due now, and leaves out empty sections', () => {
    // Prepare
    const status: RuntimeStatus = {
      buses: [],
      queues: [],
      deadLetterQueues: [],
      streams: [{ name: 'clicks', kind: 'kinesis', detail: '1 shard', consumers: ['aggregate'] }],
      schedules: [{ name: 'expire', kind: 'schedule', expression: 'rate(5 minutes)', state: 'ENABLED', nextFireTime: '2026-01-01T00:00:00.000Z' }],
      functions: [],
    };

    // Act
    const lines = renderStatus(status, new Date('2026-01-01T00:00:01Z'));

    // Assess
    expect(lines).toEqual([
      'Streams',
      '  clicks  kinesis (1 shard)  → aggregate',
      '\nSchedules',
      '  expire  rate(5 minutes)  next 2026-01-01T00:00:00.000Z (due now)',
    ]);
  });

  it('says per function the environments alive and started, those a timeout or crash ended, and their mean CPU', () => {
    // Prepare
    const usage = { environmentsStopped: {}, inits: 0, initCpuMs: 0, invocations: 0, invocationCpuMs: 0 };
    const status: RuntimeStatus = {
      buses: [],
      queues: [],
      deadLetterQueues: [],
      streams: [],
      schedules: [],
      functions: [
        {
          ...usage,
          functionName: 'place-order',
          alive: 2,
          environmentsStarted: 5,
          environmentsStopped: { timeout: 1, 'runtime-exit': 2 },
          inits: 5,
          initCpuMs: 1_150,
          invocations: 40,
          invocationCpuMs: 520,
        },
        { ...usage, functionName: 'expire', alive: 0, environmentsStarted: 1, environmentsStopped: { 'init-error': 1 } },
      ],
    };

    // Act
    const lines = renderStatus(status, new Date('2026-01-01T00:00:00Z'));

    // Assess
    expect(lines).toEqual([
      'Functions (environments alive / started; CPU of their inits and answered invocations)',
      '  place-order  2 / 5 (3 ended by a timeout or crash)  init 230 ms × 5, invocations 13 ms × 40',
      '  expire       0 / 1                                  init none, invocations none',
    ]);
  });
});
